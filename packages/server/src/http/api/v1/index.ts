export { registerApi } from './routes.ts';
