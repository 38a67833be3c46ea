// `import Yoga from 'yoga-layout'` (Ink's) in the single executable. Yoga's own module waits for
// its WebAssembly with a top-level await, which CommonJS cannot do; this one loads it when asked
// (globalThis.ansibleDriverLayoutReady, awaited before Ink is loaded: source/package/layout-ready.ts)
// and hands Ink the loaded engine through a proxy. Ink reaches Yoga only while it lays out, never
// while its modules load. Only the commands that draw pay for the load.
import {loadYoga} from 'yoga-layout/load';

export * from 'yoga-layout/load';

let yoga;
let loading;
globalThis.ansibleDriverLayoutReady = () => (loading ??= loadYoga().then((loaded) => {
	yoga = loaded;
}));

export default new Proxy({}, {
	get(_, key) {
		if (yoga === undefined) throw new Error('the layout engine was used before it was loaded (ansibleDriverLayoutReady)');
		return yoga[key];
	},
});
