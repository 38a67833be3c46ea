// The matrix from 6 to 500 hosts: labels that read the same at every width, dense columns that
// fit an all-in-one at 120 columns and 150 hosts at 200, bands named by inventory group and
// foldable into one column each (b).
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {cellLooks} from '../../source/matrix/glyphs.js';
import {screenGeometry, uiContext} from '../../source/ui/components/geometry.js';
import {Screen} from '../../source/ui/components/layout.js';
import {keyToAction} from '../../source/ui/keys.js';
import {initialUiState, uiReducer, type UiAction, type UiState} from '../../source/ui/ui-state.js';
import type {ViewerData} from '../../source/ui/types.js';
import {aioHosts, data, expectFits, lines, osaCluster, osaSteps, run, syntheticMatrix} from './data.js';

const sizes = [[80, 24], [120, 40], [200, 50]] as const;

function screen(d: ViewerData, ui: UiState, width: number, height: number): string[] {
	const {lastFrame} = render(<Screen data={d} ui={ui} width={width} height={height} />);
	expectFits(lastFrame(), width, height);
	return lines(lastFrame());
}

/** host name -> the label its own column shows (hosts folded with others are left out). */
function labelsShown(d: ViewerData, ui: UiState, width: number, height: number): Map<string, string> {
	const g = screenGeometry(d, ui, width, height).matrix!;
	const out = new Map<string, string>();
	g.columns.forEach((c, i) => {
		if (c.hosts.length === 1 && !c.summary) out.set(d.matrix!.hosts[c.hosts[0]!]!, g.labels[i]!);
	});
	return out;
}

describe('a 36-host OpenStack-Ansible inventory (3 infra hosts x 12 services)', () => {
	const cluster = osaCluster(3);
	const failing = cluster.hosts.indexOf(cluster.hosts.find((h) => h.startsWith('infra2_rabbit_mq'))!);
	const d = data(run(osaSteps()), {matrix: syntheticMatrix(cluster.hosts, 6, (r, c) => (r === 2 && c === failing ? 'failed' : r === 5 ? 'running' : 'ok'), cluster.groups)});

	it('labels each host the same at 80, 120 and 200 columns: its infra host within its service band', () => {
		const byWidth = sizes.map(([w, h]) => labelsShown(d, initialUiState(), w, h));
		// 120 and 200 show every host in a column of its own; 80 folds some alike hosts.
		expect(byWidth[1]!.size).toBe(36);
		expect(byWidth[2]!.size).toBe(36);
		expect(byWidth[0]!.size).toBeGreaterThan(0);
		for (const shown of byWidth) for (const [host, label] of shown) expect(label).toBe(byWidth[2]!.get(host));
		expect(byWidth[2]!.get('infra2_galera_container-' + cluster.hosts.find((h) => h.startsWith('infra2_galera'))!.split('-')[1])).toBe('2');
	});

	it('names the bands (groups without _all) over their columns, and the selected host and its group in full', () => {
		for (const [w, h] of sizes.slice(1)) {
			const frame = screen(d, initialUiState(), w, h).join('\n');
			for (const band of ['galera', 'rabbit_mq', 'keystone', 'utility']) expect(frame).toContain(band);
			// Following the failure: its host, whole, and the group it is banded by.
			expect(frame).toContain(`host ${cluster.hosts[failing]}  group rabbit_mq_all`);
		}
	});

	it('at 120 columns the task names are not cut to make room the columns do not need', () => {
		const g = screenGeometry(d, initialUiState(), 120, 40);
		expect(g.matrix!.taskWidth).toBeGreaterThanOrEqual('task number 6'.length + 1);
		expect(g.matrix!.visibleCols).toBe(g.matrix!.columns.length);
	});
});

describe('an all-in-one inventory (40 hosts) at 120 columns', () => {
	it('shows every host, one glyph each, labels down the columns', () => {
		const hosts = aioHosts(40);
		const d = data(run(osaSteps()), {matrix: syntheticMatrix(hosts, 5, () => 'ok')});
		const g = screenGeometry(d, initialUiState(), 120, 40).matrix!;
		expect(g.columns).toHaveLength(40);
		expect(g.visibleCols).toBe(40);
		expect(g.vertical).toBe(true);
		const frame = screen(d, initialUiState(), 120, 40);
		// The first label, aio1, reads down its column.
		const header = frame.slice(2, 2 + g.headerLines);
		const x = screenGeometry(d, initialUiState(), 120, 40).planWidth + 1 + g.taskWidth + 1;
		expect(header.slice(0, 4).map((l) => l[x]).join('')).toBe('aio1');
	});
});

describe('150 and 500 hosts at 200 columns', () => {
	it('150 hosts (36 containers, 114 computes) show one column each', () => {
		const cluster = osaCluster(3, 114);
		const d = data(run(osaSteps()), {matrix: syntheticMatrix(cluster.hosts, 5, () => 'ok', cluster.groups)});
		const g = screenGeometry(d, initialUiState(), 200, 50).matrix!;
		expect(g.columns).toHaveLength(150);
		expect(g.visibleCols).toBe(150);
		expect(g.grouped).toBe(false);
		expect(screen(d, initialUiState(), 200, 50).join('\n')).toContain('compute_hosts');
	});

	it('500 hosts: bands stay; b folds each band into one column with its worst result, b again unfolds', () => {
		const cluster = osaCluster(3, 464);
		const failing = cluster.hosts.indexOf('compute300');
		const d = data(run(osaSteps()), {matrix: syntheticMatrix(cluster.hosts, 5, (r, c) => (r === 1 && c === failing ? 'failed' : r === 4 ? 'running' : 'ok'), cluster.groups)});
		const press = (ui: UiState, key: string) => uiReducer(ui, keyToAction(key, {} as never, ui) as UiAction, uiContext(d, ui, 200, 50));
		let ui = press(initialUiState(), 'b');
		expect(ui.bandFold).toBe(true);
		const g = screenGeometry(d, ui, 200, 50).matrix!;
		expect(g.columns).toHaveLength(13);
		expect(g.columns.every((c) => c.summary)).toBe(true);
		const frame = screen(d, ui, 200, 50);
		const row = frame.find((l) => l.includes('task number 2'))!;
		const cells = row.slice(row.indexOf('task number 2') + g.taskWidth).replace(/[\s│]/g, '');
		// Twelve service bands all ok, the compute band failed on one of its 464 hosts.
		expect(cells).toBe(cellLooks.ok.glyph.repeat(12) + cellLooks.failed.glyph);
		expect(frame.join('\n')).toMatch(/group compute_hosts, 464 hosts/);
		ui = press(ui, 'b');
		expect(screenGeometry(d, ui, 200, 50).matrix!.columns.some((c) => c.summary)).toBe(false);
	});
});
