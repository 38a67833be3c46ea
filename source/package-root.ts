// Where the package is installed, for its own files (plans/, the callback plugin, the CLI the
// supervisor runs as). Two levels up from this module: from source/, dist/ and dist/bundle/
// alike (the bundle's modules live in dist/bundle/).
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export const PACKAGE_ROOT = existsSync(join(here, '..', 'package.json')) ? join(here, '..') : join(here, '..', '..');

/** The command line as installed: the bundle when it was built, else the compiled modules' entry. */
export function installedCli(): string {
	const bundle = join(PACKAGE_ROOT, 'dist', 'bundle', 'cli.js');
	return existsSync(bundle) ? bundle : join(PACKAGE_ROOT, 'dist', 'cli.js');
}
