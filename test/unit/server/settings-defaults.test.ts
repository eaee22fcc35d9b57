/**
 * The defaults VS Code shows and sends (package.json `contributes.configuration`) are the
 * server's and the core's defaults: a user who never touched a setting gets what the CLI gets.
 * (A default of 20 ms in package.json against 1 ms in the core once made the editor quiet where
 * the CLI reported.)
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS } from '../../../src/server/settings';

interface Contributed { default?: unknown }

function contributedSettings(): Record<string, Contributed> {
  const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, Contributed> } | { properties: Record<string, Contributed> }[] };
  };
  const sections = Array.isArray(manifest.contributes.configuration) ? manifest.contributes.configuration : [manifest.contributes.configuration];
  return Object.assign({}, ...sections.map((section) => section.properties)) as Record<string, Contributed>;
}

describe('settings defaults', () => {
  const contributed = contributedSettings();
  const shared = Object.entries(DEFAULT_SETTINGS).filter(([key]) => contributed[`threadwise.${key}`]?.default !== undefined);

  it('package.json declares defaults for the server settings', () => {
    assert.ok(shared.length >= 8, `only ${shared.map(([key]) => key).join(', ')}`);
  });

  for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
    it(`threadwise.${key}: package.json's default is the server's`, function () {
      const declared = contributed[`threadwise.${key}`];
      if (declared?.default === undefined) this.skip();
      assert.deepEqual(declared.default, value);
    });
  }
});
