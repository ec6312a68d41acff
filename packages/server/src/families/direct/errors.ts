import { plainErrorShape, type ErrorShape } from '../../http/error-shape.js';

/**
 * The files API's body (`{ error: { message, data } }`) with the message in `X-Error` too: an upload
 * widget that gets a failed cross-origin answer often reads headers only. Header values carry
 * printable ASCII alone, so anything else is replaced.
 */
export const directErrorShape: ErrorShape = {
  body: plainErrorShape.body,
  headers: ({ message }) => ({ 'x-error': message.replace(/[^\x20-\x7e]/g, '?').slice(0, 1024) }),
};
