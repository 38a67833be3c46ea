// The help overlay on an 80x24 terminal (the app draws 23 lines; the help's body is 20): what
// does not fit scrolls, every key's words wrap whole, and scrolled to its end it shows every
// glyph of the legend, the steps' too.
import {render} from 'ink-testing-library';
import {expect, it} from 'vitest';
import {cellLooks, stepLooks} from '../../source/matrix/glyphs.js';
import {helpLines} from '../../source/ui/components/help.js';
import {uiContext} from '../../source/ui/components/geometry.js';
import {Screen} from '../../source/ui/components/layout.js';
import {initialUiState, uiReducer} from '../../source/ui/ui-state.js';
import {data, lines, osaSteps, run} from './data.js';

it('at 80x24 scrolls to show every key and every glyph\'s word, nothing cut', () => {
	const d = data(run(osaSteps()));
	let ui = uiReducer(initialUiState(), {type: 'open', overlay: 'help'}, uiContext(d, initialUiState(), 80, 23));
	const ctx = uiContext(d, ui, 80, 23);
	expect(ctx.detailLines).toBe(helpLines(80).length);
	expect(ctx.detailLines).toBeGreaterThan(ctx.detailVisible);
	const top = lines(render(<Screen data={d} ui={ui} width={80} height={23} />).lastFrame());
	expect(top[1]).toMatch(/^HELP lines 1-19 of \d+ {2}↑↓ scroll · esc close/);
	ui = uiReducer(ui, {type: 'scroll-detail', by: Number.MAX_SAFE_INTEGER}, ctx);
	const end = lines(render(<Screen data={d} ui={ui} width={80} height={23} />).lastFrame());
	const seen = [...top, ...end].join('\n');
	for (const key of ['p ', 'r ', 'a ', 'q ', 'tab', '⏎', 'n N · / x', 'esc / f', 'g ', 'L ', 'H ']) expect(seen).toContain(key);
	for (const look of [...Object.values(cellLooks), ...Object.values(stepLooks)]) expect(seen).toContain(look.word);
	expect(seen).toContain('stalled');
	// A key's words longer than the line continue on the next, under its words: none is cut.
	expect(seen.replace(/\n {13}/g, ' ')).toContain('the commands to go on by hand (↑↓ choose, y copy)');
	expect([...top, ...end].every((l) => l.length <= 80)).toBe(true);
});
