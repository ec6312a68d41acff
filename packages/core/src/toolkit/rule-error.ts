import { StowageError } from '../errors.js';

/** What a toolkit check adds to the errors it throws, so they name the object and the provider. */
export interface RuleContext {
  /** The key the call is about. */
  key?: string;
  /** The provider's name, as in its manifest. */
  provider?: string;
}

/** `INVALID_INPUT` naming `field` and what was expected of it. */
export function invalidInput(field: string, expected: string, context: RuleContext = {}): StowageError {
  return new StowageError('INVALID_INPUT', `Invalid ${field}: expected ${expected}`, errorOptions(context));
}

/** `INVALID_RANGE` with the reason and the object's size when it is known. */
export function invalidRange(reason: string, size: number | undefined, context: RuleContext = {}): StowageError {
  const of = size === undefined ? '' : ` (object size ${size})`;
  return new StowageError('INVALID_RANGE', `Invalid range: ${reason}${of}`, errorOptions(context));
}

// Only the fields that are set: StowageError keeps `undefined` otherwise, and reports compare errors as JSON.
function errorOptions(context: RuleContext): RuleContext {
  return {
    ...(context.key === undefined ? {} : { key: context.key }),
    ...(context.provider === undefined ? {} : { provider: context.provider }),
  };
}
