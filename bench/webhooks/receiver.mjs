// The bench's webhook receiver, in its own process so its work does not share Laurel's event loop:
// counts distinct webhook-ids (and all requests), answers 204 at once. GET /count reports the counts;
// its port is printed on stdout as the first line.
import http from 'node:http';

const ids = new Set();
let requests = 0;
const server = http.createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ distinct: ids.size, requests }));
    return;
  }
  req.resume();
  req.on('end', () => {
    requests++;
    const id = req.headers['webhook-id'];
    if (typeof id === 'string' && req.headers['webhook-signature']) ids.add(id);
    res.writeHead(204);
    res.end();
  });
});
server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
