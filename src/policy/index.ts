export { parsePolicy, type ParsedPolicy } from './document.js';
export { evaluatePolicies, evaluatePolicy } from './evaluate.js';
export type { Decision, PolicyDocument, PolicyRequest, RequestPrincipal } from './types.js';
