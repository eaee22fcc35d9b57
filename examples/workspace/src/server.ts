import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { hashPassword } from './auth';
import { buildReport } from './reports';

const sales = [
  { region: 'north', amount: 120 },
  { region: 'south', amount: 80 },
];

export const server = createServer((request, response) => {
  if (request.url === '/signup') {
    const hash = hashPassword('correct horse battery staple');
    response.end(hash);
  } else if (request.url === '/report') {
    response.end(JSON.stringify(buildReport(sales)));
  } else {
    const page = readFileSync('index.html', 'utf8');
    response.end(page);
  }
});
