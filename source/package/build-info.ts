// What was built: the version and commit, and whether this is the single executable. The bundlers
// (scripts/bundle.js, scripts/release.js) set ANSIBLE_DRIVER_BUILD; modules compiled by tsc alone
// (dist/cli.js, the tests) read the version from package.json and know no commit.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {PACKAGE_ROOT} from './root.js';

export interface BuildInfo {
	version: string;
	/** `git rev-parse --short HEAD` when built, with `-dirty` for uncommitted changes; null outside git. */
	commit: string | null;
	/** The single executable: its own files are assets inside it, not files beside it. */
	executable: boolean;
	/** The executable's assets (paths under the package root, e.g. plans/demo/plan.yml). */
	assets: string[];
}

declare const ANSIBLE_DRIVER_BUILD: BuildInfo | undefined;

function fromPackageJson(): BuildInfo {
	let version = 'unknown';
	try {
		version = (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {version?: string}).version ?? version;
	} catch {
		// Not beside a package.json: the version is unknown, nothing else depends on it.
	}
	return {version, commit: null, executable: false, assets: []};
}

export const buildInfo: BuildInfo = typeof ANSIBLE_DRIVER_BUILD === 'undefined' ? fromPackageJson() : ANSIBLE_DRIVER_BUILD;
