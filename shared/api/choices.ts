/**
 * The cluster choices the sandbox form offers, re-exported from the model so the renderer
 * (which may import only shared/api) lists exactly what the engine accepts.
 */
export { CNI_CHOICES, PROXY_MODES } from '../model/spec';
