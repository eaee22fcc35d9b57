// Switches the workbench color theme from inside a test, so one run can take
// light and dark screenshots of the same view:
//
//   await useColorTheme('Default Dark Modern');
//   await takeScreenshot('panel-dark');
//
// The launchers' --theme option sets the theme a run starts with instead.
import * as vscode from 'vscode';

export const LIGHT_THEME = 'Default Light Modern';
export const DARK_THEME = 'Default Dark Modern';

/** Resolves once the workbench has applied the theme (a user setting in the run's throwaway profile). */
export async function useColorTheme(themeName: string, timeoutMs = 10_000): Promise<vscode.ColorTheme> {
  const workbench = vscode.workspace.getConfiguration('workbench');
  if (workbench.get<string>('colorTheme') === themeName) return vscode.window.activeColorTheme;

  const applied = new Promise<vscode.ColorTheme>((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`Color theme "${themeName}" was not applied within ${timeoutMs} ms (is it installed?)`));
    }, timeoutMs);
    const subscription = vscode.window.onDidChangeActiveColorTheme((theme) => {
      clearTimeout(timer);
      subscription.dispose();
      resolve(theme);
    });
  });
  await workbench.update('colorTheme', themeName, vscode.ConfigurationTarget.Global);
  return applied;
}
