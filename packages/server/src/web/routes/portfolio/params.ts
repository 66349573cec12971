// Route params of the earner's pages that are not ids.
import Type from 'typebox';

/** A token from an emailed link (claim or address confirmation); any string is looked up, an unknown one gets the "not valid" page. */
export const TokenParams = Type.Object({ token: Type.String() });
