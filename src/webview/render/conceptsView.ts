/**
 * The "Concepts" tab: every topic as a collapsible section, with a Node.js column and a Python
 * column where the runtimes differ. The topics are our own static content (see content/topics.ts).
 */
import { html, joinHtml, type SafeHtml } from '../../extension/panel/escape';
import { getTopic, TOPICS, type Topic, type TopicId } from '../../extension/panel/content/topics';
import { icon } from './analysisView';

export function renderConcepts(openTopicId: TopicId | undefined): SafeHtml {
  return html`
    <nav aria-label="Topics" class="topic-index">
      <ul>${joinHtml(
        TOPICS.map(
          (topic) =>
            html`<li><button type="button" class="link" data-action="show-topic" data-topic="${topic.id}">${topic.title}</button></li>`,
        ),
      )}</ul>
    </nav>
    ${joinHtml(TOPICS.map((topic) => renderTopic(topic, topic.id === openTopicId)))}`;
}

function renderTopic(topic: Topic, open: boolean): SafeHtml {
  return html`
    <vscode-collapsible id="topic-${topic.id}" data-topic="${topic.id}" heading="${topic.title}" ${open ? 'open' : ''}>
      <div class="topic">
        <p class="summary">${topic.summary}</p>
        ${topic.body}
        ${(topic.node || topic.python) && renderColumns(topic)}
        ${topic.id === 'decision-guide' &&
        html`<p><button type="button" class="link" data-action="show-tab" data-tab="decide">${icon('question')} Open the decision guide</button></p>`}
        ${renderRelated(topic.related)}
      </div>
    </vscode-collapsible>`;
}

function renderColumns(topic: Topic): SafeHtml {
  return html`
    <div class="runtime-columns">
      ${topic.node && html`<section class="runtime runtime-node" aria-label="Node.js"><h4>Node.js</h4>${topic.node}</section>`}
      ${topic.python && html`<section class="runtime runtime-python" aria-label="Python"><h4>Python</h4>${topic.python}</section>`}
    </div>`;
}

function renderRelated(related: readonly TopicId[]): SafeHtml {
  if (related.length === 0) return html``;
  const links = related.map(
    (id) => html`<button type="button" class="chip" data-action="show-topic" data-topic="${id}">${getTopic(id).title}</button>`,
  );
  return html`<p class="related"><span class="muted">Related:</span> ${joinHtml(links, ' ')}</p>`;
}
