"""Help for the controls a learner sets things with: the run bar, the canvas's tools and the side panel
(data, network, training), keyed by objectName (`{n}` a number). help_texts.py merges the tables."""
from __future__ import annotations

from playground.views.help_entry import Help

PANEL_HELP: dict[str, Help] = {
    # -- the run bar -------------------------------------------------------------------------------------------
    "trainingBar": Help("Training controls", "Start, pause, step and reset training, and limit its speed.",
                        "Training repeats one step: compute the loss on the training points, backpropagate to get "
                        "every weight's gradient, and move each weight a little against it."),
    "trainButton": Help("Train", "Start or pause training (Space).",
                        "Runs training steps continuously until you pause it; the boundary, the curves and the "
                        "graph panel follow live. Press again (or Space) to pause."),
    "stepButton": Help("Step", "Run exactly one training step (Ctrl+Right).",
                       "One forward pass, one backward pass and one weight update: watch how a single step moves "
                       "the boundary and the loss."),
    "resetButton": Help("Reset", "Start again from the seed's initial weights (Ctrl+R).",
                        "Throws the trained weights away and draws the same random starting weights as before, "
                        "so the same settings give the same run again."),
    "speedSlider": Help("Training speed", "How many training steps run per second.",
                        "Slow speeds let you watch each step nudge the boundary; 'max' trains as fast as the "
                        "engine can."),
    "restoreButton": Help("Restore best weights", "Go back to the weights with the lowest training loss seen.",
                          "Shown after a run diverges: it puts back the weights from the step where the training "
                          "loss was lowest, and pauses."),
    # -- the canvas and its tools --------------------------------------------------------------------------------
    "datasetCanvas": Help(
        "Dataset and decision boundary", "Your points over the network's decision boundary; click to add points.",
        "Each point is a training example coloured by its class; the background is the network's answer at every "
        "spot of the plane, in the colour of the class it predicts and paler where it is unsure. The boundary is "
        "where that answer changes: only the shape the network's layers and features can draw, bent by training "
        "until the training points fall on their side."),
    "canvasTools": Help("Canvas tools", "What a left click on the canvas does.",
                        "Pick Add to draw points, Erase to remove them, or Select to choose the point whose "
                        "computation graph the graph panel shows."),
    "addToolButton": Help("Add points", "Click to add a point of the current class; drag to spray points.",
                          "Adds points of the class picked above the data panel where you click or drag."),
    "eraseToolButton": Help("Erase points", "Click or drag to remove points.",
                            "Removes the points under the mouse; the right mouse button erases with any tool."),
    "selectToolButton": Help("Select a point", "Click a point to show its computation graph.",
                             "The selected point is the input of the computation graph in the graph panel."),
    "fitViewButton": Help("Fit data", "Show the whole data box again (Ctrl+0).",
                          "Undoes zooming and panning: the view shows the box where presets and points live."),
    # -- data -----------------------------------------------------------------------------------------------------
    "classPicker": Help("Classes", "Pick the class new points get, and how many classes there are.",
                        "Each class is one colour; with more than two classes the network needs the cross-entropy "
                        "loss and one output per class."),
    "classButton{n}": Help("Class {n}", "Draw points of class {n}.",
                           "New points you click get this class; the number on the button is the class id."),
    "removeClassButton": Help("Remove the last class", "Remove the last class (at least 2 stay).",
                              "Removes the highest class and its points (undoable)."),
    "addClassButton": Help("Add a class", "Add one more class (at most 6).",
                           "With more than two classes the loss switches to cross-entropy: one output per class, "
                           "and the predicted class is the largest output."),
    "problemCombo": Help("Problem", "Classification (classes) or regression (real values).",
                         "Classification learns which class each point belongs to; regression learns a number: a "
                         "curve y = f(x) through points, or a surface of values over the plane. Switching makes the "
                         "first preset of the new problem (undoable)."),
    "valuePicker": Help("Point value", "The value a new point carries in a regression surface.",
                        "In a regression surface each point has a real value from −1 (orange) to 1 (blue); the "
                        "network learns to predict it everywhere, and the heatmap shows its prediction."),
    "valueSlider": Help("Point value", "The value of the next point you click, −1 to 1.",
                        "Drag to choose the value new points get; its colour is the one the heatmap uses."),
    "valueLabel": Help("Point value shown", "The chosen value, in its colour.",
                       "The value new points get, on the same diverging colours as the points and heatmap."),
    "valueMinusOne": Help("Value −1", "Draw points of value −1.", "New points get the value −1 (full orange)."),
    "valueZero": Help("Value 0", "Draw points of value 0.", "New points get the value 0 (neutral)."),
    "valuePlusOne": Help("Value +1", "Draw points of value +1.", "New points get the value +1 (full blue)."),
    "presetCombo": Help("Preset dataset", "A ready-made dataset; press Generate to use it.",
                        "Classic shapes to learn: moons and circle need a curved boundary, XOR needs a hidden "
                        "layer or the x₁x₂ feature, the spiral needs many neurons or the sin features."),
    "presetPoints": Help("Preset points", "How many points the preset makes.",
                         "More points show the shape better; training steps on the full batch take longer."),
    "presetNoise": Help("Preset noise", "How much the preset's points scatter.",
                        "Noise blurs the shape so the classes overlap: no boundary can get every point right, and "
                        "a network that tries hard overfits."),
    "presetSeed": Help("Preset seed", "The same seed makes the same points.",
                       "Change it for another random draw of the same shape."),
    "generateButton": Help("Generate", "Replace the points with the chosen preset.",
                           "Your own points are replaced, not lost: Undo brings them back."),
    "clearButton": Help("Clear points", "Remove every point.", "Empties the canvas (undoable) so you can draw."),
    "testSplitSlider": Help("Test share", "Share of the points held out for testing.",
                            "Test points are never trained on: when the test loss rises while the training loss "
                            "still falls, the network is memorising the training points (overfitting)."),
    "showTestCheck": Help("Show test points", "Draw the held-out test points (hollow).",
                          "Hollow points are the test split: compare how the boundary treats points it never "
                          "trained on."),
    # -- network ----------------------------------------------------------------------------------------------------
    "networkControls": Help("Network", "What the network sees and how it is built.",
                            "Choose the input features, the hidden layers and their activation; the parameter "
                            "count is how many numbers training has to learn."),
    "featureControls": Help("Input features", "What the first layer sees for each point.",
                            "The network only sees the features checked here: x₁ and x₂ are the point's "
                            "coordinates, the others fixed functions of them that make some shapes easy."),
    "featureX1": Help("Feature x₁", "Feed the horizontal coordinate to the network.",
                      "x₁ alone lets a single neuron draw a vertical line as its boundary."),
    "featureX2": Help("Feature x₂", "Feed the vertical coordinate to the network.",
                      "x₂ alone lets a single neuron draw a horizontal line as its boundary."),
    "featureX1X2": Help("Feature x₁x₂", "Feed the product x₁·x₂ to the network.",
                        "Positive in two opposite quadrants and negative in the other two: XOR becomes one "
                        "straight cut, with no hidden layer."),
    "featureX1Squared": Help("Feature x₁²", "Feed x₁ squared to the network.",
                             "With x₁² and x₂² one neuron can draw an ellipse or a circle, as the circle preset "
                             "needs."),
    "featureX2Squared": Help("Feature x₂²", "Feed x₂ squared to the network.",
                             "With x₁² and x₂² one neuron can draw an ellipse or a circle, as the circle preset "
                             "needs."),
    "featureSinX1": Help("Feature sin x₁", "Feed sin(x₁) to the network.",
                         "A wave along x₁: periodic shapes such as the spiral get much easier."),
    "featureSinX2": Help("Feature sin x₂", "Feed sin(x₂) to the network.",
                         "A wave along x₂: periodic shapes such as the spiral get much easier."),
    "removeLayerButton": Help("Remove hidden layer", "Remove the last hidden layer.",
                              "With no hidden layer the network is a linear model: its boundary is a straight "
                              "line in the features."),
    "addLayerButton": Help("Add hidden layer", "Add a hidden layer before the output.",
                           "Each hidden layer combines the previous layer's shapes into more complex ones; deep "
                           "stacks of sigmoids can make gradients vanish."),
    "layer{n}MinusButton": Help("Fewer neurons in layer {n}", "One neuron fewer in hidden layer {n}.",
                                "Fewer neurons: fewer pieces for the boundary, fewer parameters."),
    "layer{n}PlusButton": Help("More neurons in layer {n}", "One neuron more in hidden layer {n}.",
                               "More neurons: more pieces the boundary can be made of, more parameters to learn."),
    "layer{n}Neurons": Help("Neurons in layer {n}", "How many neurons hidden layer {n} has.",
                            "Each neuron draws one soft line through what the layer before it computes; the "
                            "next layer combines them."),
    "activationCombo": Help("Activation", "The non-linearity hidden neurons apply.",
                            "Without a non-linearity, layers collapse into one straight line; ReLU bends the "
                            "boundary in sharp corners, tanh and sigmoid in smooth curves."),
    "layer{n}Activation": Help("Activation of layer {n}", "The non-linearity hidden layer {n} applies.",
                               "Each layer can bend in its own way: e.g. ReLU layers first for sharp pieces, a tanh "
                               "layer last to smooth them. The Activation below sets every layer's at once."),
    "layer{n}InsertButton": Help("Insert a layer before layer {n}", "Insert a hidden layer before layer {n}.",
                                 "Adds a layer at this depth; the other layers keep their sizes, and the network is "
                                 "re-created from the seed."),
    "layer{n}RemoveButton": Help("Remove layer {n}", "Remove hidden layer {n}.",
                                 "Takes this layer out; the layers before and after it keep their sizes and now "
                                 "connect directly."),
    "initCombo": Help("Initialization", "How the starting weights are drawn from the seed.",
                      "micrograd draws every weight from −1..1; Xavier and He scale the range by the layer's size so "
                      "signals neither die out nor blow up in deep nets; zeros shows symmetry: every neuron of a "
                      "layer gets the same gradient and they stay identical forever."),
    # -- training ------------------------------------------------------------------------------------------------------
    "trainingControls": Help("Training", "How training measures mistakes and changes the weights.",
                             "The loss says how wrong the network is; the optimizer, learning rate and batch size "
                             "say how each step uses the gradient to reduce it."),
    "lossCombo": Help("Loss", "What training minimises.",
                      "Hinge (micrograd's demo) only cares about points on the wrong side or too close to the "
                      "boundary; logistic and MSE keep pushing every point; cross-entropy handles many classes."),
    "scheduleCombo": Help("Learning-rate schedule", "How the learning rate changes as training goes.",
                          "Big steps early cover ground fast; small steps late settle into a minimum instead of "
                          "bouncing around it. micrograd's demo decays the rate linearly from 1.0 to 0.1 in 100 "
                          "steps. The rate in use is shown beside the loss readout."),
    "scheduleSteps": Help("Schedule steps", "Steps the schedule takes to reach its final rate (or between drops).",
                          "Linear and cosine reach the final rate after this many steps and stay there; step decay "
                          "drops the rate once every this many steps."),
    "scheduleFinal": Help("Final fraction", "The lowest rate, as a fraction of the learning rate.",
                          "0.1 ends at a tenth of the learning rate; the rate never goes below it."),
    "scheduleFactor": Help("Drop factor", "Step decay: what each drop multiplies the rate by.",
                           "0.5 halves the rate every N steps, until it reaches the final fraction."),
    "optimizerCombo": Help("Optimizer", "How each step turns gradients into weight changes.",
                           "SGD moves every weight against its gradient; momentum keeps some of the previous step's "
                           "direction; Adam scales each weight's step by its gradient's recent size."),
    "momentumSpin": Help("Momentum", "How much of the previous step carries into the next.",
                         "Like a ball rolling downhill: it speeds through flat stretches and damps zig-zags."),
    "learningRate": Help("Learning rate", "How far each step moves the weights.",
                         "Too small and training crawls; too large and the loss jumps around or diverges."),
    "batchSize": Help("Batch size", "Training points per step (0 = all of them).",
                      "Small batches give noisy but cheap steps; the full batch gives smooth, exact ones."),
    "l2Strength": Help("L2 strength", "L2 regularisation: a penalty on large weights.",
                       "L2 adds strength × (sum of squared weights) to the loss, so training keeps weights small: "
                       "the boundary stays smoother and overfits less."),
    "seedSpin": Help("Seed", "Seed of the random initial weights.",
                     "The same seed gives the same starting weights and so the same run; change it to see "
                     "another starting point."),
    "engineCombo": Help("Engine", "Which engine computes the steps.",
                        "Both give the same numbers: batched uses numpy and is fast, scalar builds micrograd's "
                        "real graph of Values, one number at a time."),
}
