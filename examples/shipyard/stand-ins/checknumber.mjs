// Stand-in for seed 001's phone number checker: answers the checknumber task from the number alone.
const input = JSON.parse(process.argv[2]);
const digits = String(input.number ?? '').replace(/\D/g, '');
console.log(JSON.stringify({ result: digits.length >= 8 ? 'pass' : 'fail', status: 'succeeded', checknumber: { number: input.number, valid: digits.length >= 8, country: digits.startsWith('47') ? 'NO' : 'unknown' } }));
