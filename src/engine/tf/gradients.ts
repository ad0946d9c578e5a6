/**
 * Registers tfjs-core's gradient functions, which only training needs. tfjs-core ships them as
 * `dist/register_all_gradients`, an ES module Node cannot load (it imports directories); tfjs-layers'
 * Node bundle registers the same set into tfjs' global gradient registry, so training code imports this
 * file for its side effect. Nothing of tfjs-layers is used beyond that: no layers, no model loading.
 */
import '@tensorflow/tfjs-layers';
