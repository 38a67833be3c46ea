// The command line as shipped: dist/cli.js and what it imports bundled by esbuild into
// dist/bundle/ (an entry and chunks that each command loads when it runs). Node then reads a
// few files instead of several hundred modules: the viewer starts with about 40% less CPU.
import {chmodSync, rmSync} from 'node:fs';
import {build} from 'esbuild';
import {buildInfo} from './build-info.js';

rmSync('dist/bundle', {recursive: true, force: true});
await build({
	entryPoints: ['dist/cli.js'],
	outdir: 'dist/bundle',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	// Ink loads React's devtools only when DEV is set: never in the bundle.
	external: ['react-devtools-core'],
	// Some dependencies are CommonJS and call require(): give the ES modules one.
	banner: {js: "import {createRequire as __ansibleDriverRequire} from 'node:module'; const require = __ansibleDriverRequire(import.meta.url);"},
	define: {ANSIBLE_DRIVER_BUILD: JSON.stringify(buildInfo())},
	logLevel: 'warning',
});
chmodSync('dist/bundle/cli.js', 0o755);
