// Entry of a signing worker thread: the app is TypeScript run through tsx, and a worker thread does not
// inherit the main thread's loader, so it registers its own before importing the task.
import { register } from 'tsx/esm/api';

register();
const task = await import('./sign-task.ts');
export default task.default;
