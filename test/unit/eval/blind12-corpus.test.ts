import { describeBlindCorpus } from './blind-corpus-checks';

// Blind corpus 12 is one set (no dev/holdout split): its shape and its independence from every
// other corpus and triage project (blind-corpus-checks.ts).
describeBlindCorpus('blind12', 'blind corpus 12');
