import {render} from 'ink-testing-library';
import {expect, it} from 'vitest';
import {Screen} from '../../source/ui/components/layout.js';
import {initialUiState} from '../../source/ui/ui-state.js';
import {data, expectFits, lines, osaSteps, run} from './data.js';

it('the hand-over overlay lists every command in order, wrapping long ones whole, and names the file', () => {
	const long = `cd /opt/openstack-ansible/playbooks && openstack-ansible setup-hosts.yml --limit '!galera_all' -e ${'x'.repeat(70)}`;
	const handOver = ['cd /opt/openstack-ansible/playbooks && openstack-ansible galera-install.yml -e galera_upgrade=true', long];
	const d = data(run(osaSteps(), {status: 'failed', live: false, source: '/var/lib/runs/osa'}), {handOver});
	const {lastFrame} = render(<Screen data={d} ui={initialUiState({overlay: 'handover'})} width={80} height={23} />);
	const text = lines(lastFrame()).join('\n');
	expectFits(lastFrame(), 80, 23);
	expect(text).toContain('To go on by hand instead, run these in order');
	expect(text).toContain('/var/lib/runs/osa/handover.txt');
	expect(text).toMatch(/^▸ 1 of 2 ─+$/m);
	expect(text).toMatch(/^─ 2 of 2 ─+$/m);
	// Each command whole, flush left, its lines joined by the shell's continuation.
	const joined = text.replace(/\\\n/g, '');
	expect(joined).toContain('cd /opt/openstack-ansible/playbooks && openstack-ansible galera-install.yml -e galera_upgrade=true');
	expect(joined).toContain(long);
});
