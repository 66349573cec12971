import { isBundledContext } from '../../contexts/index.ts';
import { asArray, check, isObj } from '../util.ts';
import type { VerifyCheck } from './types.ts';

/** Every @context is one we carry: contexts are never fetched. */
export const contextCheck: VerifyCheck = {
  id: 'context',
  fatal: false,
  run({ doc }) {
    const unknown: string[] = [];
    for (const c of asArray(doc['@context'])) {
      if (typeof c === 'string' && !isBundledContext(c)) unknown.push(c);
      else if (typeof c !== 'string' && !isObj(c)) unknown.push(JSON.stringify(c));
    }
    if (unknown.length) return check('context', 'failed', `Unknown JSON-LD context ${unknown.join(', ')}; contexts are never fetched, so the document cannot be interpreted`);
    return check('context', 'passed', 'All @context entries are known');
  },
};
