// Schemas shared by the request pages' routes.
import Type from 'typebox';
import { FormFields } from '../../schemas.ts';

/**
 * A posted form, or no body at all: a browser always sends one, but a bare POST must still reach the
 * CSRF check and the use case (403 / 422 as before) rather than stop at the schema.
 */
export const FormPost = Type.Union([FormFields, Type.Null()]);

export const SectionParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }), section: Type.String({ maxLength: 100 }) });
