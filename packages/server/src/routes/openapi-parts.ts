/** Small builders shared by the route families' OpenAPI paths, so each family writes only what is its own. */

export const json = (schema: object) => ({ 'application/json': { schema } });
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'The file id' };
