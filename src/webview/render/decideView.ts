/**
 * The "Decide" tab: the decision guide's questions as radio groups, and the recommendation for the
 * current answers with the matching snippet.
 */
import { html, joinHtml, type SafeHtml } from '../../extension/panel/escape';
import { DECISION_QUESTIONS, type Decision, type DecisionAnswers } from '../../extension/panel/content/decisionGuide';
import { SNIPPETS } from '../../extension/panel/content/snippets';
import { icon, learnMoreButton } from './analysisView';

function answerValue(answers: DecisionAnswers, key: keyof DecisionAnswers): string {
  const value = answers[key];
  return typeof value === 'boolean' ? (value ? 'yes' : 'no') : value;
}

export function renderDecisionForm(answers: DecisionAnswers): SafeHtml {
  const questions = DECISION_QUESTIONS.map((question) => {
    const current = answerValue(answers, question.key);
    const options = question.options.map(
      (option) =>
        html`<vscode-radio name="${question.key}" value="${option.value}" ${option.value === current ? 'checked' : ''}
          >${option.label}</vscode-radio>`,
    );
    return html`<fieldset class="question">
      <legend>${question.label}</legend>
      <vscode-radio-group variant="vertical" data-question="${question.key}">${joinHtml(options)}</vscode-radio-group>
    </fieldset>`;
  });
  return html`<form class="decision-form" data-role="decision-form" aria-describedby="decision-intro">
    <p id="decision-intro">Answer for the piece of work you are wondering about; the recommendation updates as you go.</p>
    ${joinHtml(questions)}
  </form>
  <section id="decision-result" class="decision-result" aria-live="polite"></section>`;
}

export function renderDecision(decision: Decision): SafeHtml {
  const snippet = decision.snippetId ? SNIPPETS[decision.snippetId] : undefined;
  return html`
    <h3>${icon('lightbulb')} ${decision.title}</h3>
    <ul>${joinHtml(decision.reasons.map((reason) => html`<li>${reason}</li>`))}</ul>
    ${decision.caveats.length > 0 &&
    html`<h4>Watch out</h4><ul>${joinHtml(decision.caveats.map((caveat) => html`<li>${caveat}</li>`))}</ul>`}
    ${snippet &&
    html`<div class="snippet">
      <p class="snippet-title">${snippet.title}</p>
      <pre class="code"><code>${snippet.code}</code></pre>
      <p class="muted">${snippet.note}</p>
      <vscode-button icon="insert" data-action="insert-snippet" data-snippet="${snippet.id}">Insert at the cursor</vscode-button>
    </div>`}
    <p>${learnMoreButton(decision.topicId)}</p>`;
}
