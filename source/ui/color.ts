// Whether the viewer draws colours, decided once from the environment. Ink's colours come from
// chalk, which reads FORCE_COLOR but not NO_COLOR: the viewer drops its colours itself.
// From the strongest: FORCE_COLOR, as in Node (0 or false: none; set for one command, it wins
// over the settings files); then the `color` setting (always, never), which the command line
// hands over in ANSIBLE_DRIVER_COLOR; then a non-empty NO_COLOR (no-color.org, which asks that
// a program's own configuration win over it): none. Otherwise colours.
export const COLOR_ENV = 'ANSIBLE_DRIVER_COLOR';

export function colorWanted(env: Record<string, string | undefined>): boolean {
	const force = env['FORCE_COLOR'];
	if (force !== undefined) return force !== '0' && force !== 'false';
	const setting = env[COLOR_ENV];
	if (setting === 'always') return true;
	if (setting === 'never') return false;
	return !env['NO_COLOR'];
}
