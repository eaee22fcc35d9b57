/**
 * Small operations on bindings shared by the summariser and the linker.
 */
import type { Binding } from './summary';

/** The member name used for `obj[expression]` when the key is not a literal. */
export const COMPUTED_MEMBER = '[]';

/**
 * The binding of `binding.member`. Members the summariser can see now are returned directly;
 * the rest become a `member` binding the linker resolves once every file is summarised (an
 * object's members may be assigned later: `var C = {}; C.x = function () {}`).
 */
export function memberOf(binding: Binding, member: string): Binding | undefined {
  switch (binding.kind) {
    case 'module':
      return { kind: 'module', specifier: binding.specifier, path: [...binding.path, member] };
    case 'namespace':
      return { kind: 'import', file: binding.file, name: member };
    case 'object':
      return binding.members.get(member) ?? { kind: 'member', of: binding, path: [member] };
    case 'member':
      return { kind: 'member', of: binding.of, path: [...binding.path, member] };
    case 'value':
    case 'param':
      return undefined;
    default:
      return { kind: 'member', of: binding, path: [member] };
  }
}

/** One binding for several possible values; undefined options are dropped. */
export function unionOf(options: readonly (Binding | undefined)[]): Binding | undefined {
  const flat: Binding[] = [];
  for (const option of options) {
    if (!option) continue;
    if (option.kind === 'union') {
      for (const inner of option.options) if (!flat.includes(inner)) flat.push(inner);
    } else if (!flat.includes(option)) {
      flat.push(option);
    }
  }
  if (flat.length === 0) return undefined;
  if (flat.length === 1) return flat[0];
  return { kind: 'union', options: flat.slice(0, 8) };
}
