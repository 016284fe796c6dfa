// A small HTTP app for examples/services/node.pol: GET / says hello,
// POST /note appends the body to $NOTES_DIR/notes.txt (default /srv/data),
// GET /note returns it. SIGTERM closes the server and exits 0.
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');

const dir = process.env.NOTES_DIR || '/srv/data';
const notes = path.join(dir, 'notes.txt');
const port = Number(process.env.PORT || 3000);

const server = http.createServer((req, res) => {
  if (req.url === '/note' && req.method === 'POST') {
    let body = '';
    req.on('data', (c) => { if (body.length < 4096) body += c; });
    req.on('end', () => {
      fs.appendFileSync(notes, body.replace(/\n+$/, '') + '\n');
      res.writeHead(201, { 'Content-Type': 'text/plain' });
      res.end('stored\n');
    });
  } else if (req.url === '/note') {
    let text = '';
    try { text = fs.readFileSync(notes, 'utf8'); } catch (e) { if (e.code !== 'ENOENT') throw e; }
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(text);
  } else if (req.url === '/') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(`hello from node ${process.version}\n`);
  } else {
    res.writeHead(404);
    res.end('not found\n');
  }
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
server.listen(port, '0.0.0.0', () => console.log(`listening on ${port}`));
