import type { Confidence, SecretRuleId } from '../secret-rule-ids.js';
import { validCrcToken } from './checksum.js';
import { entropy, isPlaceholder } from './entropy.js';

export type Severity = 'high' | 'medium' | 'low';

export interface Rule {
  id: SecretRuleId;
  title: string;
  severity: Severity;
  /** Case-sensitive substrings: a line that holds none of them is never matched against `pattern`. */
  keywords: readonly string[];
  /** Global; capture group 1, when present, is the secret value, else the whole match. */
  pattern: RegExp;
  /** A second look at a candidate: a checksum, a decoding, an entropy score. */
  validate?: (secret: string) => boolean;
  /**
   * How sure a match is: `high` for a provider format with a fixed prefix or a checksum, `medium` for a
   * documented shape found next to the provider's name, `low` for generic names and entropy.
   */
  confidence?: Confidence;
}

export type { Confidence };

/** A rule that does not say counts as `high`: a provider rule written without it still fails the gate by default. */
export function confidenceOf(rule: Pick<Rule, 'confidence'> | undefined): Confidence {
  return rule?.confidence ?? 'high';
}

/** Case variants of a word, for keywords (the prefilter is case-sensitive for speed). */
function cases(...words: string[]): string[] {
  return words.flatMap((w) => [w, w.toUpperCase(), w.charAt(0).toUpperCase() + w.slice(1)]);
}

const ASSIGN = String.raw`['"]?\s*(?:[:=]|:=|=>|\bis\b)\s*(?:[A-Za-z]+\()?['"\x60]?`;
const END = String.raw`(?![A-Za-z0-9+/=_-])`;

function decodesToJson(part: string): boolean {
  try {
    const text = Buffer.from(part, 'base64url').toString('utf8');
    return text.startsWith('{') && typeof JSON.parse(text) === 'object';
  } catch {
    return false;
  }
}

function hasUpperAndLower(value: string): boolean {
  return /[a-z]/.test(value) && /[A-Z]/.test(value);
}

/** Lower bound of bits per character for a value to count as random (a 16-symbol hex alphabet tops out at 4). */
function randomEnough(value: string, bits: number): boolean {
  return entropy(value) >= bits && !isPlaceholder(value);
}

/** Hex keys without a prefix: random enough, and not a run of one digit (SHA-shaped is fine: the context names the provider). */
function hexKey(value: string): boolean {
  return entropy(value) >= 3 && !/(.)\1{5}/.test(value);
}

function credentialIsReal(password: string): boolean {
  const decoded = (() => {
    try {
      return decodeURIComponent(password);
    } catch {
      return password;
    }
  })();
  return decoded.length >= 6 && !isPlaceholder(decoded) && !/^[*x.•]+$/i.test(decoded) && !/[{}$%<>]/.test(decoded);
}

export const PRIVATE_KEY_RULE_ID: SecretRuleId = 'private-key';
export const GENERIC_RULE_ID: SecretRuleId = 'generic-secret';

export const RULES: readonly Rule[] = [
  // Cloud
  {
    id: 'aws-access-key-id',
    title: 'AWS access key ID',
    severity: 'high',
    confidence: 'high',
    keywords: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    pattern: /\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/g,
    validate: (v) => !/(.)\1{5}/.test(v.slice(4)) && !v.includes('EXAMPLE'),
  },
  {
    id: 'aws-secret-access-key',
    title: 'AWS secret access key',
    severity: 'high',
    confidence: 'medium',
    keywords: cases('aws'),
    pattern: new RegExp(String.raw`(?:aws|AWS|Aws)[\w.-]{0,20}(?:secret|SECRET|Secret)[\w.-]{0,20}${ASSIGN}([A-Za-z0-9/+]{40})${END}`, 'g'),
    validate: (v) => randomEnough(v, 4) && !v.includes('EXAMPLE'),
  },
  {
    id: 'google-api-key',
    title: 'Google API key',
    severity: 'high',
    confidence: 'high',
    keywords: ['AIza'],
    pattern: /\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g,
    validate: (v) => randomEnough(v.slice(4), 3.5),
  },
  {
    id: 'google-oauth-client-secret',
    title: 'Google OAuth client secret',
    severity: 'high',
    confidence: 'high',
    keywords: ['GOCSPX-'],
    pattern: /\b(GOCSPX-[0-9A-Za-z_-]{28})(?![0-9A-Za-z_-])/g,
  },
  {
    id: 'google-service-account',
    title: 'Google service account key ID',
    severity: 'high',
    confidence: 'medium',
    keywords: ['private_key_id'],
    pattern: /"private_key_id"\s*:\s*"([0-9a-f]{40})"/g,
  },
  {
    id: 'azure-storage-key',
    title: 'Azure storage account key or connection string',
    severity: 'high',
    confidence: 'medium',
    keywords: ['AccountKey=', 'SharedAccessKey='],
    pattern: /\b(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{42,86}==?)/g,
    validate: (v) => randomEnough(v, 4),
  },
  {
    id: 'azure-ad-client-secret',
    title: 'Azure AD (Entra ID) client secret',
    severity: 'high',
    confidence: 'high',
    keywords: ['Q~'],
    pattern: /(?:^|[^A-Za-z0-9_~.-])([A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/g,
    validate: (v) => randomEnough(v, 4),
  },
  // Source hosting and package registries
  {
    id: 'github-token',
    title: 'GitHub token',
    severity: 'high',
    confidence: 'high',
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
    pattern: /\b(gh[pousr]_[A-Za-z0-9]{36})\b/g,
    validate: validCrcToken,
  },
  {
    id: 'github-fine-grained-token',
    title: 'GitHub fine-grained personal access token',
    severity: 'high',
    confidence: 'high',
    keywords: ['github_pat_'],
    pattern: /\b(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b/g,
  },
  {
    id: 'gitlab-token',
    title: 'GitLab token',
    severity: 'high',
    confidence: 'high',
    keywords: ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'gloas-', 'glsoat-', 'glft-', 'glimt-', 'glcbt-', 'GR1348941'],
    pattern: /\b((?:gl(?:pat|dt|rt|ptt|oas|soat|ft|imt|cbt)-|GR1348941)[A-Za-z0-9_-]{20,}(?:\.[A-Za-z0-9_-]+){0,2})/g,
    validate: (v) => randomEnough(v.slice(v.indexOf('-') + 1), 3.5),
  },
  {
    id: 'npm-token',
    title: 'npm access token',
    severity: 'high',
    confidence: 'high',
    keywords: ['npm_'],
    pattern: /\b(npm_[A-Za-z0-9]{36})\b/g,
    validate: validCrcToken,
  },
  {
    id: 'pypi-token',
    title: 'PyPI API token',
    severity: 'high',
    confidence: 'high',
    keywords: ['pypi-AgE'],
    pattern: /\b(pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,})/g,
  },
  {
    id: 'docker-hub-token',
    title: 'Docker Hub access token',
    severity: 'high',
    confidence: 'high',
    keywords: ['dckr_pat_', 'dckr_oat_'],
    pattern: /\b(dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,})/g,
  },
  // Communication
  {
    id: 'slack-token',
    title: 'Slack token',
    severity: 'high',
    confidence: 'high',
    keywords: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxr-', 'xoxs-', 'xoxo-', 'xoxe', 'xapp-'],
    pattern: /\b((?:xox(?:[abposr]|e(?:\.xox[bp])?)|xapp)-[0-9A-Za-z]+-[0-9A-Za-z-]{10,})/g,
    validate: (v) => randomEnough(v, 3.5),
  },
  {
    id: 'slack-webhook',
    title: 'Slack webhook URL',
    severity: 'high',
    confidence: 'high',
    keywords: ['hooks.slack.com'],
    pattern: /(https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9]+\/[A-Za-z0-9]+\/[A-Za-z0-9]{16,})/g,
  },
  {
    id: 'twilio-api-key',
    title: 'Twilio API key',
    severity: 'high',
    confidence: 'medium',
    keywords: ['SK'],
    pattern: /\b(SK[0-9a-f]{32})\b/g,
    validate: (v) => hexKey(v.slice(2)),
  },
  {
    id: 'twilio-auth-token',
    title: 'Twilio auth token',
    severity: 'high',
    confidence: 'medium',
    keywords: cases('twilio'),
    pattern: new RegExp(String.raw`(?:twilio|TWILIO|Twilio)[\w.-]{0,20}(?:token|TOKEN|Token|secret|SECRET|Secret)${ASSIGN}([0-9a-f]{32})${END}`, 'g'),
    validate: hexKey,
  },
  {
    id: 'sendgrid-api-key',
    title: 'SendGrid API key',
    severity: 'high',
    confidence: 'high',
    keywords: ['SG.'],
    pattern: /\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g,
  },
  {
    id: 'mailgun-api-key',
    title: 'Mailgun API key',
    severity: 'high',
    confidence: 'medium',
    keywords: ['key-'],
    pattern: /\b(key-[0-9a-f]{32})\b/g,
    validate: (v) => hexKey(v.slice(4)),
  },
  // Payments and commerce
  {
    id: 'stripe-key',
    title: 'Stripe secret or restricted key',
    severity: 'high',
    confidence: 'high',
    keywords: ['sk_live_', 'rk_live_', 'sk_test_', 'rk_test_', 'whsec_'],
    pattern: /\b((?:[sr]k_(?:live|test)_|whsec_)[0-9A-Za-z]{24,247})\b/g,
    validate: (v) => randomEnough(v.slice(v.lastIndexOf('_') + 1), 3.5),
  },
  {
    id: 'square-token',
    title: 'Square access token or secret',
    severity: 'high',
    confidence: 'high',
    keywords: ['sq0atp-', 'sq0csp-', 'EAAA'],
    pattern: /\b(sq0atp-[0-9A-Za-z_-]{22}|sq0csp-[0-9A-Za-z_-]{43}|EAAA[0-9A-Za-z_-]{60})(?![0-9A-Za-z_-])/g,
    validate: (v) => randomEnough(v, 3.5),
  },
  {
    id: 'shopify-token',
    title: 'Shopify access token or secret',
    severity: 'high',
    confidence: 'high',
    keywords: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    pattern: /\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b/g,
  },
  // AI services
  {
    id: 'openai-api-key',
    title: 'OpenAI API key',
    severity: 'high',
    confidence: 'high',
    keywords: ['T3BlbkFJ'],
    pattern: /\b(sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,})(?![A-Za-z0-9_-])/g,
  },
  {
    id: 'anthropic-api-key',
    title: 'Anthropic API key',
    severity: 'high',
    confidence: 'high',
    keywords: ['sk-ant-'],
    pattern: /\b(sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,100}AA)(?![A-Za-z0-9_-])/g,
  },
  {
    id: 'huggingface-token',
    title: 'Hugging Face access token',
    severity: 'high',
    confidence: 'high',
    keywords: ['hf_', 'api_org_'],
    pattern: /\b((?:hf_|api_org_)[A-Za-z]{34})\b/g,
    validate: (v) => hasUpperAndLower(v.slice(v.lastIndexOf('_') + 1)) && randomEnough(v, 3.5),
  },
  // Monitoring and hosting
  {
    id: 'datadog-key',
    title: 'Datadog API or application key',
    severity: 'high',
    confidence: 'medium',
    keywords: [...cases('datadog'), 'DD_API_KEY', 'DD_APP_KEY', 'DD_APPLICATION_KEY', 'dd_api_key', 'dd_app_key'],
    pattern: new RegExp(String.raw`(?:datadog|DATADOG|Datadog|DD|dd)[\w.-]{0,20}(?:key|KEY|Key)${ASSIGN}([0-9a-f]{40}|[0-9a-f]{32})${END}`, 'g'),
    validate: hexKey,
  },
  {
    id: 'new-relic-key',
    title: 'New Relic key',
    severity: 'high',
    confidence: 'high',
    keywords: ['NRAK-', 'NRII-', 'NRJS-', 'NRAL'],
    pattern: /\b(NRAK-[A-Z0-9]{27}|NRII-[A-Za-z0-9_-]{32}|NRJS-[a-f0-9]{19}|[a-f0-9]{36}NRAL)\b/g,
  },
  {
    id: 'sentry-dsn',
    title: 'Sentry DSN or auth token',
    severity: 'medium',
    confidence: 'medium',
    keywords: [...cases('sentry', 'dsn'), 'sntrys_', 'sntryu_'],
    pattern: /(https?:\/\/[0-9a-f]{32}(?::[0-9a-f]{32})?@[A-Za-z0-9.-]+(?::\d+)?\/(?:[\w-]+\/)*\d+|\bsntrys_[A-Za-z0-9+/=_-]{50,}|\bsntryu_[0-9a-f]{64})/g,
  },
  {
    id: 'heroku-api-key',
    title: 'Heroku API key',
    severity: 'high',
    confidence: 'medium',
    keywords: [...cases('heroku'), 'HRKU-'],
    pattern: /(?:(?:heroku|HEROKU|Heroku)[\w.-]{0,20}(?:key|KEY|Key|token|TOKEN|Token)['"]?\s*(?:[:=]|:=|=>)\s*['"]?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b|\b(HRKU-[A-Za-z0-9_-]{60}))/g,
  },
  // Key material and connection strings
  {
    id: 'jwt',
    title: 'JSON Web Token',
    severity: 'medium',
    confidence: 'medium',
    keywords: ['eyJ'],
    pattern: /\b(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])/g,
    validate: (v) => v.split('.').slice(0, 2).every(decodesToJson),
  },
  {
    id: PRIVATE_KEY_RULE_ID,
    title: 'Private key',
    severity: 'high',
    confidence: 'high',
    keywords: ['PRIVATE KEY'],
    // Matched line by line by the scanner, which joins the block between BEGIN and END.
    pattern: /-----BEGIN ((?:RSA |EC |DSA |ENCRYPTED |OPENSSH |PGP )?PRIVATE KEY(?: BLOCK)?)-----/g,
  },
  {
    id: 'database-url',
    title: 'Database URL with a password',
    severity: 'high',
    confidence: 'medium',
    keywords: ['postgres', 'mysql', 'mariadb', 'mongodb', 'redis', 'amqp', 'POSTGRES', 'MYSQL', 'MONGODB', 'REDIS'],
    pattern: /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?)(?:\+[a-z0-9]+)?:\/\/[^\s:/@'"]*:([^\s@/'"]+)@[^\s/'"]+/gi,
    validate: credentialIsReal,
  },
  {
    id: 'url-credentials',
    title: 'Password in a URL (basic auth)',
    severity: 'high',
    confidence: 'medium',
    keywords: ['://'],
    pattern: /\b(?:https?|ftps?|sftp|ssh|git|smtps?|ldaps?):\/\/[^\s:/@'"]+:([^\s@/'"]+)@[^\s/'"]+/gi,
    validate: credentialIsReal,
  },
  // A secret-like assignment: last, so that a provider's own rule names a value first. A quoted value
  // with brackets, parentheses, semicolons or commas is code (minified bundles), not a secret.
  {
    id: GENERIC_RULE_ID,
    title: 'Secret-like value',
    severity: 'medium',
    confidence: 'low',
    keywords: [
      ...cases('secret', 'password', 'passwd', 'pwd', 'token', 'apikey', 'credential'),
      'api_key', 'API_KEY', 'apiKey', 'ApiKey', 'api-key', 'access_key', 'ACCESS_KEY', 'accessKey', 'AccessKey',
      'private_key', 'PRIVATE_KEY', 'privateKey', 'auth_key', 'AUTH_KEY', 'authKey', 'client_secret', 'CLIENT_SECRET', 'clientSecret',
    ],
    pattern: new RegExp(
      String.raw`(?:secret|SECRET|Secret|passw(?:or)?d|PASSW(?:OR)?D|Passw(?:or)?d|pwd|PWD|token|TOKEN|Token|api[_-]?key|API[_-]?KEY|[Aa]pi[Kk]ey|access[_-]?key|ACCESS[_-]?KEY|[Aa]ccess[Kk]ey|private[_-]?key|PRIVATE[_-]?KEY|privateKey|auth[_-]?key|AUTH[_-]?KEY|authKey|credential|CREDENTIAL|Credential)[\w.-]{0,20}['"]?\s*(?:[:=]|:=|=>)\s*['"\x60]([^\s'"\x60(){}[\]<>;,\\]{12,200})['"\x60]|(?:secret|SECRET|passw(?:or)?d|PASSW(?:OR)?D|token|TOKEN|api[_-]?key|API[_-]?KEY)[\w.-]{0,20}\s*=\s*([A-Za-z0-9+/_.~-]{16,200})(?:\s|$)`,
      'g',
    ),
    validate: (v) => randomEnough(v, 3.5) && /\d/.test(v) && /[A-Za-z]/.test(v) && !/^[a-z]+$|^[A-Z]+$/.test(v),
  },
];

export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
