// Ink's layout engine (yoga) is WebAssembly that its ES module loads with a top-level await. The
// single executable runs CommonJS, which cannot wait at a module's top level: its build
// (scripts/release.js) puts in a loader that must be awaited before Ink is loaded, and leaves it
// here. Elsewhere there is nothing to wait for.
declare global {
	var ansibleDriverLayoutReady: (() => Promise<void>) | undefined;
}

export async function layoutReady(): Promise<void> {
	await globalThis.ansibleDriverLayoutReady?.();
}
