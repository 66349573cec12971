// vitest setup for the server project: the `laurel` command installs this before anything loads jsonld
// (bin/laurel.js), so the server's tests run the same way.
import '@laurel/credentials/share-contexts-now';
