// The driver under test. By default the bundle, run by this node, as npm installs it. With
// ANSIBLE_DRIVER_TEST_EXECUTABLE set to the single executable (CI sets it after `npm run
// release`), that executable as an operator runs it on a deploy host: copied as `ansible-driver`
// into a folder outside the repository, first on a PATH where no node is found (each folder of
// the test's PATH that holds one is replaced by links to all else in it); run from a folder
// outside the repository too.
import {chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync} from 'node:fs';
import {spawnSync} from 'node:child_process';
import {tmpdir} from 'node:os';
import {delimiter, dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const cliPath = fileURLToPath(new URL('../../dist/bundle/cli.js', import.meta.url));

const given = process.env['ANSIBLE_DRIVER_TEST_EXECUTABLE'] || undefined;

/** Programs that would let something run JavaScript: none of them on the executable's PATH. */
const nodePrograms = ['node', 'nodejs', 'npm', 'npx', 'corepack'];

/** The executable copied as `ansible-driver` into a folder of its own, and a working folder beside it. */
function hostFolders(executable: string): {root: string; bin: string; cwd: string} {
	const root = mkdtempSync(join(tmpdir(), 'ansible-driver-host-'));
	const bin = join(root, 'bin');
	const cwd = join(root, 'work');
	mkdirSync(bin);
	mkdirSync(cwd);
	copyFileSync(executable, join(bin, 'ansible-driver'));
	chmodSync(join(bin, 'ansible-driver'), 0o755);
	return {root, bin, cwd};
}

const host = given === undefined ? undefined : hostFolders(given);

/** A folder on PATH that holds node, replaced by one of links to all else in it. */
const nodeless = new Map<string, string>();
function withoutNode(dir: string): string {
	if (!nodePrograms.some((name) => existsSync(join(dir, name)))) return dir;
	let copy = nodeless.get(dir);
	if (copy === undefined) {
		copy = join(host!.root, `path-${nodeless.size}`);
		mkdirSync(copy);
		for (const name of readdirSync(dir)) if (!nodePrograms.includes(name)) symlinkSync(join(dir, name), join(copy, name));
		nodeless.set(dir, copy);
	}
	return copy;
}

const checked = new Set<string>();
/** The executable first, then the test's PATH with every folder that holds node replaced. */
function nodelessPath(path: string): string {
	const dirs = [host!.bin, ...path.split(delimiter).filter((d) => d.startsWith('/') && existsSync(d)).map(withoutNode)];
	const joined = dirs.join(delimiter);
	if (!checked.has(joined)) {
		const check = spawnSync('/bin/sh', ['-c', 'command -v node'], {env: {PATH: joined}, encoding: 'utf8'});
		if (check.status === 0) throw new Error(`node is still reachable on the test PATH: ${check.stdout.trim()}`);
		checked.add(joined);
	}
	return joined;
}

/** True when the tests drive the single executable. */
export const testingExecutable = host !== undefined;

/** The argv that runs the driver. */
export const driverArgv: string[] = host === undefined ? [process.execPath, cliPath] : [join(host.bin, 'ansible-driver')];

/** Where the driver runs when a test names no folder: the repository's root, or one outside it. */
export const driverCwd: string | undefined = host?.cwd;

/** The driver's environment: the test's; for the executable, its PATH without node and with the executable first. */
export function driverEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
	return host === undefined ? env : {...env, PATH: nodelessPath(env['PATH'] ?? '')};
}

/**
 * How hints name the driver: the bundle as invoked from the repository's root (node, and its path
 * relative to the working directory), or `ansible-driver`, which PATH finds.
 */
export const program = host === undefined ? 'node dist/bundle/cli.js' : 'ansible-driver';

if (host === undefined && !existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` first (npm test does)`);

/** The folder the executable under test was built in (release/), holding the npm package too. */
export const releaseDir: string | undefined = given === undefined ? undefined : dirname(given);
