/**
 * The EventBridge event-pattern engine: validate and compile a rule's EventPattern, match it against
 * events, and build the envelope in which CloudTrail records reach EventBridge.
 */
export { parseEventPattern } from './compile.js';
export { matchEventPattern, matchEventPatternText } from './match.js';
export { AddressCache } from './cidr.js';
export { cloudTrailEnvelope } from './envelope.js';
export { exactValues } from './exact-values.js';
export type { EventPattern } from './ast.js';
