// `/` filters the matrix's hosts by text, `x` shows only hosts with failed, unreachable or
// changed results: what the screen shows, how keys type into the filter, and clearing it.
import type {Key} from 'ink';
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {screenGeometry} from '../../source/ui/components/geometry.js';
import {Screen} from '../../source/ui/components/layout.js';
import {keyToAction} from '../../source/ui/keys.js';
import {initialUiState, uiReducer, type UiAction, type UiState} from '../../source/ui/ui-state.js';
import type {ViewerData} from '../../source/ui/types.js';
import {uiContext} from '../../source/ui/components/geometry.js';
import {aioHosts, data, lines, osaSteps, run, syntheticMatrix} from './data.js';

const hosts = aioHosts(36);
// A galera container fails, a keystone one changes, the rest are ok.
const failing = hosts.findIndex((h) => h.includes('galera'));
const changing = hosts.findIndex((h) => h.includes('keystone'));
const matrix = syntheticMatrix(hosts, 4, (_r, c) => (c === failing ? 'failed' : c === changing ? 'changed' : 'ok'));
const d = data(run(osaSteps()), {matrix});

/** Presses keys as the app does on a 120x30 screen of `on`: each through keyToAction, then the reducer. */
function pressOn(on: ViewerData, ui: UiState, ...keys: Array<string | Partial<Key>>): UiState {
	for (const k of keys) {
		const [input, key] = typeof k === 'string' ? [k, {} as Key] : ['', k as Key];
		const result = keyToAction(input, key, ui);
		if (result && !('command' in result)) ui = uiReducer(ui, result as UiAction, uiContext(on, ui, 120, 30));
	}
	return ui;
}

const press = (ui: UiState, ...keys: Array<string | Partial<Key>>): UiState => pressOn(d, ui, ...keys);

describe('host filter', () => {
	it('/ then text then enter shows only the hosts whose name holds it; q is typed, not quit', () => {
		let ui = press(initialUiState(), '/');
		expect(ui.overlay).toBe('filter');
		ui = press(ui, 'g', 'a', 'l', 'q');
		expect(ui.filterDraft).toBe('galq');
		ui = press(ui, {backspace: true}, 'e', 'r', 'a', {return: true});
		expect(ui).toMatchObject({overlay: 'none', hostFilter: 'galera'});
		const g = screenGeometry(d, ui, 120, 30).matrix!;
		const shown = g.columns.flatMap((c) => c.hosts).map((h) => hosts[h]);
		expect(shown.length).toBeGreaterThan(0);
		expect(shown.every((h) => h!.includes('galera'))).toBe(true);
		const frame = lines(render(<Screen data={d} ui={ui} width={120} height={30} />).lastFrame()).join('\n');
		expect(frame).toContain(`"galera": ${shown.length} of 36 hosts`);
	});

	it('while typing, the footer shows the text and what enter and esc do; esc shows every host again', () => {
		const typing = press(initialUiState(), '/', 'n', 'o', 'v', 'a');
		const frame = lines(render(<Screen data={d} ui={typing} width={120} height={30} />).lastFrame());
		expect(frame.at(-1)).toContain('filter: nova▏');
		expect(frame.at(-2)).toContain('esc show all');
		const cleared = press(press(typing, {return: true}), '/', {escape: true});
		expect(cleared).toMatchObject({overlay: 'none', hostFilter: ''});
		expect(screenGeometry(d, cleared, 120, 30).matrix!.filter).toBeNull();
	});

	it('x shows only the hosts with a failed, unreachable or changed result, and x again all', () => {
		const ui = press(initialUiState(), 'x');
		const g = screenGeometry(d, ui, 120, 30).matrix!;
		expect(g.columns.flatMap((c) => c.hosts).sort()).toEqual([failing, changing].sort());
		expect(g.filter).toMatchObject({problemsOnly: true, shown: 2, total: 36});
		expect(screenGeometry(d, press(ui, 'x'), 120, 30).matrix!.filter).toBeNull();
	});

	it('says so when no host matches', () => {
		const ui = press(initialUiState(), '/', 'z', 'z', {return: true});
		const frame = lines(render(<Screen data={d} ui={ui} width={120} height={30} />).lastFrame()).join('\n');
		expect(frame).toContain('"zz": 0 of 36 hosts');
		expect(frame).toContain('nothing matches');
	});
});

describe('task filter', () => {
	// 6 tasks; task 2 fails on a galera container, task 5 changes a keystone one; others all ok.
	const m = syntheticMatrix(hosts, 6, (r, c) => (r === 1 && c === failing ? 'failed' : r === 4 && c === changing ? 'changed' : 'ok'));
	const dt = data(run(osaSteps()), {matrix: m});
	const pressT = (ui: UiState, ...keys: Array<string | Partial<Key>>): UiState => pressOn(dt, ui, ...keys);

	it('/ with a task name shows only the tasks that hold it, on every host', () => {
		const ui = pressT(initialUiState(), '/', ...'number 3', {return: true});
		const g = screenGeometry(dt, ui, 120, 30).matrix!;
		expect(g.rowList).toEqual([2]);
		expect(g.columns.flatMap((c) => c.hosts)).toHaveLength(36);
		const frame = lines(render(<Screen data={dt} ui={ui} width={120} height={30} />).lastFrame()).join('\n');
		expect(frame).toContain('"number 3": 1 of 6 tasks');
		expect(frame).toContain('task number 3');
		expect(frame).not.toContain('task number 4');
	});

	it('x leaves the tasks and hosts with a problem; the cursor moves over those rows only', () => {
		let ui = pressT(initialUiState(), 'x');
		const g = screenGeometry(dt, ui, 120, 30).matrix!;
		expect(g.rowList).toEqual([1, 4]);
		expect(g.columns.flatMap((c) => c.hosts).sort()).toEqual([failing, changing].sort());
		ui = pressT(ui, 'n');
		expect(ui.cursor).toMatchObject({row: 1, col: failing});
		ui = pressT(ui, 'j');
		expect(ui.cursor?.row).toBe(4);
		ui = pressT(ui, 'j');
		expect(ui.cursor?.row).toBe(4);
		ui = pressT(ui, 'k');
		expect(ui.cursor?.row).toBe(1);
	});
});
