// The app on a fake source, as the UI tests draw it: no start prompt, no colours; unmounted after
// each test of the file that mounts it.
import {render} from 'ink-testing-library';
import {afterEach} from 'vitest';
import {App} from '../../source/ui/app.js';
import {lines} from './data.js';
import type {FakeSource} from './fake-source.js';

const mounted: Array<{unmount: () => void}> = [];
afterEach(() => {
	for (const m of mounted.splice(0)) m.unmount();
});

export function mountApp(source: FakeSource) {
	const r = render(<App source={source} startPrompt={null} onExit={() => {}} color={false} />);
	mounted.push(r);
	const frame = () => lines(r.lastFrame());
	return {stdin: r.stdin, raw: () => r.lastFrame() ?? '', frame, text: () => frame().join('\n'), footer: () => frame().at(-1) ?? ''};
}
