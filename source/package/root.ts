// Where the package is installed, for its own files (plans/, the callback plugin, the CLI the
// supervisor runs as): two levels up from this module, from source/package/, dist/package/ and
// dist/bundle/ (the bundle's modules) alike. The single executable has no such place: its files
// are inside it (files.ts).
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const PACKAGE_ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** The command line as installed: the bundle when it was built, else the compiled modules' entry. */
export function installedCli(): string {
	const bundle = join(PACKAGE_ROOT, 'dist', 'bundle', 'cli.js');
	return existsSync(bundle) ? bundle : join(PACKAGE_ROOT, 'dist', 'cli.js');
}
