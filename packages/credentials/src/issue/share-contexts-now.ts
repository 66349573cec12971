// Import this first in a signing thread's entry module: installs shareJsonLdContexts() before jsonld loads.
import { shareJsonLdContexts } from './shared-contexts.ts';

shareJsonLdContexts();
