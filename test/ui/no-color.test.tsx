// NO_COLOR: the viewer draws no colour at all (chalk, under Ink, does not read NO_COLOR), and
// every status still reads from its glyph or its words.
import {render} from 'ink-testing-library';
import {afterAll, describe, expect, it, vi} from 'vitest';
import {cellLooks} from '../../source/matrix/glyphs.js';
import {App} from '../../source/ui/app.js';
import {colorWanted} from '../../source/ui/color.js';
import {Screen} from '../../source/ui/components/layout.js';
import {ColorContext} from '../../source/ui/components/text.js';
import type {ViewerData} from '../../source/ui/types.js';
import {initialUiState} from '../../source/ui/ui-state.js';
import type {ViewerSource} from '../../source/viewer/source.js';
import {data, lines, osaSteps, run, syntheticMatrix} from './data.js';

// Chalk decides its colour level when it is first imported: make it draw colours here, so a
// colour the viewer lets through shows in the frame (ink-testing-library's stdout is no TTY).
const saved = vi.hoisted(() => {
	const before = {FORCE_COLOR: process.env['FORCE_COLOR'], NO_COLOR: process.env['NO_COLOR']};
	process.env['FORCE_COLOR'] = '1';
	return before;
});
afterAll(() => {
	for (const [key, value] of Object.entries(saved)) {
		if (value === undefined) delete process.env[key];
		else process.env[key] = value;
	}
});

// Foreground and background colours (30-37, 39-47, 49, 90-107, 38/48 extended); not bold, dim or inverse.
const colourCodes = /\u001b\[(3[0-9]|4[0-9]|9[0-7]|10[0-7])(;[0-9;]*)?m/;

const statuses = ['ok', 'changed', 'failed', 'skipped', 'unreachable', 'ignored', 'rescued', 'running'] as const;

function sample(): ViewerData {
	const steps = osaSteps();
	steps[1] = {...steps[1]!, status: 'failed', reason: 'h2 failed: wsrep not Synced'};
	const matrix = syntheticMatrix(statuses.map((s) => `host-${s}`), 2, (_r, c) => statuses[c]!);
	return data(run(steps, {status: 'failed', live: false}), {matrix, handOver: ['cd /x && ansible-playbook y.yml']});
}

class StillSource implements ViewerSource {
	constructor(private readonly d: ViewerData) {}
	subscribe = () => () => {};
	snapshot = () => this.d;
	selectStep() {}
	selectCell() {}
	setLogOpen() {}
	pause = () => ({ok: true, message: ''});
	resume = () => ({ok: true, message: ''});
	abort = () => ({ok: true, message: ''});
	close() {}
}

describe('NO_COLOR', () => {
	it('decides from the environment: a non-empty NO_COLOR turns colours off, FORCE_COLOR wins over it', () => {
		expect(colorWanted({})).toBe(true);
		expect(colorWanted({NO_COLOR: '1'})).toBe(false);
		expect(colorWanted({NO_COLOR: ''})).toBe(true);
		expect(colorWanted({NO_COLOR: '1', FORCE_COLOR: '1'})).toBe(true);
		expect(colorWanted({FORCE_COLOR: '0'})).toBe(false);
		expect(colorWanted({FORCE_COLOR: 'false'})).toBe(false);
	});

	it.each([80, 120])('draws no colour code at %i columns, with every glyph and word still there', (width) => {
		const ui = initialUiState();
		const coloured = render(<Screen data={sample()} ui={ui} width={width} height={24} />).lastFrame() ?? '';
		expect(coloured).toMatch(colourCodes); // the check below would see colours if any were drawn
		const plain = render(
			<ColorContext.Provider value={false}>
				<Screen data={sample()} ui={ui} width={width} height={24} />
			</ColorContext.Provider>,
		).lastFrame() ?? '';
		expect(plain).not.toMatch(colourCodes);
		// The same text: colour carried no meaning of its own.
		expect(lines(plain)).toEqual(lines(coloured));
		const text = lines(plain).join('\n');
		for (const s of statuses) expect(text).toContain(cellLooks[s].glyph);
		expect(text).toContain('✗ setup-hosts');
		expect(text).toContain('FAILED');
		expect(text).toContain('failed at step "setup-hosts"');
	});

	it('the app reads NO_COLOR once, when it starts', () => {
		process.env['NO_COLOR'] = '1';
		delete process.env['FORCE_COLOR'];
		const plain = render(<App source={new StillSource(sample())} startPrompt={null} onExit={() => {}} />);
		expect(plain.lastFrame()).not.toMatch(colourCodes);
		plain.unmount();
		delete process.env['NO_COLOR'];
		const coloured = render(<App source={new StillSource(sample())} startPrompt={null} onExit={() => {}} />);
		expect(coloured.lastFrame()).toMatch(colourCodes);
		coloured.unmount();
	});
});
