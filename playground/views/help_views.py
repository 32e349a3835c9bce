"""Help for what a learner watches: the curves, the training timeline, the graph panel's views and File ▸
Examples…, keyed by objectName. help_texts.py merges the tables."""
from __future__ import annotations

from playground.views.help_entry import Help

VIEW_HELP: dict[str, Help] = {
    # -- the curves ---------------------------------------------------------------------------------------------------
    "lossPlot": Help("Loss and accuracy plot", "Loss and accuracy as training goes.",
                     "The training loss should fall step by step; the test loss and accuracy show how well that "
                     "carries over to points the network never trained on. Click a step to see the run as it "
                     "was then (the timeline under the plot)."),
    "logScaleCheck": Help("Logarithmic loss axis", "Show the loss on a logarithmic axis.",
                          "On a log axis small late improvements stay visible instead of hugging zero."),
    "statusFigures": Help("Training figures", "The latest step: its number, speed, learning rate, losses and "
                          "accuracies.",
                          "Steps taken so far and how many a second; the train and test loss and accuracy (R² in "
                          "regression) as last measured, a few times a second while training runs."),
    # -- the training timeline ----------------------------------------------------------------------------------------
    "timelineBar": Help("Training timeline", "Go back through the run: scrub, replay, resume.",
                        "While training, the weights of every step are kept (thinned on long runs, densest where "
                        "the loss moved fast). Scrub back to see the boundary and the network as they were."),
    "timelineSlider": Help("Timeline", "Scrub back through the run; the right end is now (Left/Right: one step).",
                           "Drag, or click a step on the loss plot: the boundary, the network, its thumbnails, "
                           "the gradient statistics and a marker on the loss curve show that step. Training or "
                           "editing the data goes back to now."),
    "timelineStepLabel": Help("Step shown", "Which step of the run the timeline shows (“now”: the latest).",
                              "Scrubbed back, it reads the step shown and the run's last step."),
    "timelinePlayButton": Help("Play the run", "Replay the run as an animation.",
                               "Steps the timeline from the start (or from the step shown) to now at the speed "
                               "chosen beside it."),
    "timelineSpeedCombo": Help("Replay speed", "Checkpoints shown per second while playing.",
                               "Frames the computer cannot draw in time are skipped, so the replay keeps its pace."),
    "timelineResumeButton": Help("Resume from here", "Train on from the step shown; the later run is dropped.",
                                 "The loss curve and the checkpoints after this step are dropped and training goes "
                                 "on from its weights (with fresh optimizer state). Edit ▸ Undo brings the "
                                 "dropped run back."),
    # -- the graph panel ---------------------------------------------------------------------------------------------
    "graphPanel": Help("Graph panel", "Look inside the network: its weights, a computation graph, its gradients.",
                       "Five views of the same model: the network's weights and neurons, micrograd's computation "
                       "graph for one point, gradient statistics per layer, the plane as a hidden layer sees it, "
                       "and the loss around the current weights."),
    "networkView": Help("Network view", "Every weight an edge, every neuron a thumbnail.",
                        "Edges are weights: blue positive, orange negative, thicker when larger. Each neuron's "
                        "thumbnail shows what it outputs at every spot of the plane: the shape it contributes "
                        "to the boundary."),
    "networkCanvas": Help("Network diagram", "Click a neuron to see it large; click an edge to edit its weight.",
                          "A neuron's thumbnail is its activation over the whole plane, coloured like the "
                          "boundary: the first layer draws soft lines, later layers combine them into curves."),
    "showGradientsCheck": Help("Show gradients", "Colour edges by gradient dL/dw instead of weight.",
                               "The gradient says which way and how strongly each weight is about to change; "
                               "it is scaled per layer so small gradients stay visible."),
    "weightEditor": Help("Weight editor", "Type a new value for the clicked weight.",
                         "Change one weight by hand and watch the boundary and the loss respond."),
    "weightEditorSpin": Help("Weight value", "The new value of the clicked weight.",
                             "Type a number and press Enter or Apply."),
    "weightEditorApply": Help("Apply weight", "Set the weight to the typed value.",
                              "The network uses the new weight at once; training goes on from it."),
    "computationGraphView": Help(
        "Computation graph", "micrograd's graph of every operation for the selected point.",
        "Each box is a Value: its data on the forward pass and its grad after backward; the graph is how the "
        "chain rule finds every weight's gradient."),
    "computationCanvas": Help("Computation graph diagram", "Drag to pan, wheel to zoom.",
                              "Operations flow left to right from the inputs to the loss; gradients flow back "
                              "right to left."),
    "graphLayerCombo": Help("Graph layer", "The layer of the neuron whose graph is shown.",
                            "Big networks have graphs too large to read: pick one neuron to show instead."),
    "graphNeuronSpin": Help("Graph neuron", "The neuron whose graph is shown.",
                            "Which neuron of the chosen layer the computation graph shows."),
    "graphFitButton": Help("Fit graph", "Zoom the computation graph to fit.", "Shows the whole graph at once."),
    "backpropStepButton": Help("Backprop step", "Push the gradient back one node.",
                               "Backpropagation visits nodes from the loss back to the inputs; each click fills "
                               "in one more node's grad with the chain rule."),
    "backpropPlayButton": Help("Play backprop", "Play the backward walk node by node.",
                               "Steps through backpropagation automatically, a few nodes a second."),
    "backpropResetButton": Help("Reset backprop walk", "Start the backward walk again.",
                                "Clears the walk's grads so you can watch backpropagation from the start."),
    "gradientStatsView": Help(
        "Gradient statistics", "Per-layer gradient and weight sizes, histograms, and a gradient check.",
        "If early layers' gradients are orders of magnitude smaller than late ones', they barely learn "
        "(vanishing gradients); the check compares the engine's gradients with finite differences."),
    "gradientCheckButton": Help("Check gradients", "Compare the engine's gradients with finite differences.",
                                "Nudges each weight a tiny bit and measures how the loss changes: the gradient "
                                "backpropagation computed should agree."),
    # -- hidden space ----------------------------------------------------------------------------------------------
    "hiddenSpaceView": Help(
        "Hidden space", "The input plane and the points as a hidden layer sees them.",
        "Each layer bends and folds the plane; the grid lines show how. A network classifies well when, in its "
        "last hidden layer, the classes can be split by a straight line: the dashed line is the output's "
        "decision line there, drawn when it is exact."),
    "hiddenLayerCombo": Help("Hidden layer", "The hidden layer whose space is shown.",
                             "Early layers bend the plane a little; later layers have folded it further."),
    "hiddenNeuronXCombo": Help("Horizontal neuron", "The neuron whose output is the horizontal axis.",
                               "A layer wider than two neurons is shown through two of its neurons: pick which."),
    "hiddenNeuronYCombo": Help("Vertical neuron", "The neuron whose output is the vertical axis.",
                               "A layer wider than two neurons is shown through two of its neurons: pick which."),
    "fitPcaButton": Help("Fit PCA", "Show the layer through its two main directions (PCA) of the data.",
                         "Principal component analysis finds the two directions in which the layer's outputs "
                         "for the data points spread most. It is fitted when you press this and kept while "
                         "training runs, so the picture moves only as the network does."),
    "morphSlider": Help("Morph", "Slide from the input plane (left) to the layer's space (right).",
                        "In between, every point and grid line sits part of the way from where it is in the "
                        "input plane to where the layer puts it: watch the plane being bent."),
    "hiddenSpacePlot": Help("Hidden space plot", "Wheel to zoom, drag to pan.",
                            "Filled dots are training points, rings test points; grey lines are the input "
                            "plane's grid as the layer maps it."),
    # -- loss landscape ------------------------------------------------------------------------------------------
    "lossLandscapeView": Help(
        "Loss landscape", "The training loss on a plane through the current weights.",
        "The centre (+) is the network now; each other spot is the loss of weights moved along two directions. "
        "The directions are random but scaled neuron by neuron to the weights (Li et al. 2018), so wide flat "
        "valleys and sharp ones can be compared. Colour is log10 of the loss; the red line is the recent path."),
    "refreshLandscapeButton": Help("Refresh landscape", "Compute the landscape around the current weights.",
                                   "It also refreshes by itself every few seconds while training runs and this "
                                   "tab is open; the computation runs beside training, not in its way."),
    "landscapePathPlaneCheck": Help(
        "Plane through the path", "Use the plane the recent weight path lies in instead of a random one.",
        "On a random plane the path is only its shadow; the plane through its start, its farthest point and "
        "the current weights shows the loss the optimiser actually walked through."),
    "landscapePlot": Help("Loss landscape plot", "Wheel to zoom, drag to pan.",
                          "α and β are the distances along the two directions; contour lines join equal losses."),
    # -- File ▸ Examples… ----------------------------------------------------------------------------------------------
    "examplesGallery": Help("Examples", "Ready-made sessions, each showing one idea about training networks.",
                            "Pick an example to see its data and what to watch for, then Open it: it replaces "
                            "the current session (you are asked to save unsaved work first)."),
    "examplesList": Help("Example list", "Each example with a picture of its data.",
                         "Click an example to read what it shows; double-click (or Enter) opens it."),
    "openExampleButton": Help("Open example", "Open the selected example as a new, untitled session.",
                              "The example opens untitled: Save asks for a file name, so the example itself "
                              "stays as it was."),
}
