/**
 * Loops whose size a call writes (the arguments of a variadic merge) run a few times, not as
 * many as the data: merging option objects is not computation over the input.
 */
import { analyzeSources, assertKinds } from '../support';

describe('loops over the arguments a call writes', () => {
  it('merging the option objects passed is none; merging every record of a list passed is cpu', async () => {
    const reports = await analyzeSources({
      'merge.js': `function mergeInto(target) {
  for (let i = 1; i < arguments.length; i++) {
    const source = arguments[i];
    for (const key in source) {
      if (Object.prototype.hasOwnProperty.call(source, key)) target[key] = source[key];
    }
  }
  return target;
}
function mergeCopies(target) {
  const sources = Array.prototype.slice.call(arguments, 1);
  sources.forEach(function (source) {
    Object.keys(source).forEach(function (key) { target[key] = source[key]; });
  });
  return target;
}
function mergeRecords(target, records) {
  for (let i = 0; i < records.length; i++) {
    const source = records[i];
    for (const key in source) {
      if (Object.prototype.hasOwnProperty.call(source, key)) target[key] = source[key];
    }
  }
  return target;
}
module.exports = { mergeInto, mergeCopies, mergeRecords };
`,
    });
    assertKinds(reports, 'merge.js', { mergeInto: 'none', mergeCopies: 'none', mergeRecords: 'cpu' });
  });
});
