// The package's own files and how to start the command line again, whether installed from npm
// (files beside the modules, `node cli.js`) or as the single executable (files unpacked from it
// on first use, the executable itself).
import {createRequire} from 'node:module';
import {join} from 'node:path';
import {buildInfo} from './build-info.js';
import {installedCli, PACKAGE_ROOT} from './root.js';
import {unpackAssets} from './unpack.js';

let unpacked: string | undefined;

/** The folder that holds plans/ and ansible/callback/: the package root, or the unpacked copy. */
function filesRoot(): string {
	if (!buildInfo.executable) return PACKAGE_ROOT;
	if (unpacked === undefined) {
		// node:sea exists only in the executable's Node (20.12 and later); asked for only there.
		const sea = createRequire(import.meta.url)('node:sea') as {getAsset(key: string, encoding: string): string};
		unpacked = unpackAssets(process.env, buildInfo.version, buildInfo.assets, (name) => sea.getAsset(name, 'utf8'));
	}
	return unpacked;
}

export function builtinPlansDir(): string {
	return join(filesRoot(), 'plans');
}

/** Folder holding the callback plugin (ansible_driver.py) as shipped: dist's copy, or the unpacked one. */
export function callbackPluginDir(): string {
	return join(buildInfo.executable ? filesRoot() : join(PACKAGE_ROOT, 'dist'), 'ansible', 'callback');
}

/** The argv that runs this command line again (the supervisor a viewer starts). */
export function selfCommand(): string[] {
	return buildInfo.executable ? [process.execPath] : [process.execPath, installedCli()];
}
