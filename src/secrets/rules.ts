import type { Confidence, SecretRuleId } from '../secret-rule-ids.js';
import { validCrcToken } from './checksum.js';
import { ASSIGN, cases, credentialIsReal, END, hexKey, randomEnough, type Rule } from './kit.js';
import { CLOUD_RULES } from './providers/cloud.js';
import { DEV_RULES } from './providers/dev.js';
import { MATERIAL_RULES } from './providers/material.js';
import { SAAS_RULES } from './providers/saas.js';

export type { Confidence, Rule, Severity } from './kit.js';

/** A rule that does not say counts as `high`: a provider rule written without it still fails the gate by default. */
export function confidenceOf(rule: Pick<Rule, 'confidence'> | undefined): Confidence {
  return rule?.confidence ?? 'high';
}

function decodesToJson(part: string): boolean {
  try {
    const text = Buffer.from(part, 'base64url').toString('utf8');
    return text.startsWith('{') && typeof JSON.parse(text) === 'object';
  } catch {
    return false;
  }
}

function sentryPayload(part: string): boolean {
  try {
    const payload: unknown = JSON.parse(Buffer.from(part, 'base64').toString('utf8'));
    return typeof payload === 'object' && payload !== null && 'iat' in payload;
  } catch {
    return false;
  }
}

function hasUpperAndLower(value: string): boolean {
  return /[a-z]/.test(value) && /[A-Z]/.test(value);
}

/** Pieces of a value: a capitalised or lower-case word, an upper-case run, a number, or one other character. */
const PIECES = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+|[^A-Za-z\d]/g;
const SEPARATORS = '-_./:+ ?#';

/**
 * A value made of words, short numbers and separators (`my-app-secret-v2`, `TelegramBot2024Name`, `oauth2/v4/token`,
 * a version) names something. Random text breaks into short pieces, many of them without a vowel.
 */
function madeOfWords(value: string): boolean {
  const pieces = value.match(PIECES) ?? [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] as string;
    const c = piece.charCodeAt(0);
    if (c >= 48 && c <= 57) {
      if (piece.length > 4) return false;
    } else if (SEPARATORS.includes(piece)) {
      continue;
    } else if (!/[A-Za-z]/.test(piece)) {
      return false;
    } else if (piece.length === 1) {
      // A lone letter between separators ("X-Api"), or a version's "v2".
      const before = pieces[i - 1] ?? '-';
      const after = pieces[i + 1] ?? '-';
      if (!(SEPARATORS.includes(before) && SEPARATORS.includes(after)) && !/^[vV]$/.test(piece)) return false;
    } else if (!/[aeiouyAEIOUY]/.test(piece) && !/^[A-Z]{2,4}$/.test(piece)) {
      // An upper-case acronym (JSX, SQL, HTTP) may lack a vowel; a lower-case run without one is random.
      return false;
    }
  }
  return true;
}

/** A run such as ABCDEF… or 123456…: most characters follow the one before. */
function sequential(value: string): boolean {
  let steps = 0;
  for (let i = 1; i < value.length; i++) if (value.charCodeAt(i) - value.charCodeAt(i - 1) === 1) steps++;
  return steps >= value.length * 0.6;
}

/** The name a value is assigned to, read back from just before it. */
function assignedName(context: string, value: string): string {
  const before = context.slice(0, Math.max(0, context.lastIndexOf(value))).replace(/['"\x60]?\s*(?:[:=]|:=|=>)\s*['"\x60]?$/, '');
  return /[\w.-]*$/.exec(before)?.[0] ?? '';
}

/** A public key or token, or the name, address or type of one, is not a secret. */
const NOT_SECRET_NAME = /public|publishable|(?:name|url|uri|path|type|header|field|label|pattern|format)$/i;

/** A value that could be a credential: random enough, letters with digits or both cases, not words, not a run. */
function secretLikeValue(value: string, context: string): boolean {
  return (
    randomEnough(value, 3.3) &&
    /[A-Za-z]/.test(value) &&
    (/\d/.test(value) || (/[a-z]/.test(value) && /[A-Z]/.test(value) && value.length >= 16)) &&
    !madeOfWords(value) &&
    !sequential(value) &&
    !/(.)\1{5}/.test(value) &&
    !NOT_SECRET_NAME.test(assignedName(context, value))
  );
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
    // A presigned S3 URL carries the key ID by design (X-Amz-Credential): the signature, not the ID, grants access, and it expires.
    validate: (v, context) => !/(.)\1{5}/.test(v.slice(4)) && !v.includes('EXAMPLE') && !/X-Amz-Credential=$/i.test(context.slice(0, context.lastIndexOf(v))),
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
    // Slack's documented shapes: bot xoxb-<team>-(<bot>-)<24+>, user xoxp-<team>-<user>-<id>-<32 hex>, app xapp-1-<A…>-<id>-<64 hex>, config and refresh tokens xoxe.
    pattern: /\b(xoxb-\d{8,14}-(?:\d{8,14}-)?[A-Za-z0-9]{24,34}|xox[pe]-\d{8,14}-\d{8,14}-\d{8,14}-[A-Za-z0-9]{28,34}|xox[aors]-\d-?[A-Za-z0-9-]{40,}|xapp-\d-[A-Z0-9]{8,14}-\d{10,14}-[a-f0-9]{64}|xoxe\.xox[bp]-\d-[A-Za-z0-9]{160,170}|xoxe-\d-[A-Za-z0-9]{130,150})(?![A-Za-z0-9-])/g,
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
    // Org tokens are sntrys_<base64 JSON with iat, url, org>_<secret>; user tokens sntryu_<64 hex>.
    pattern: /(https?:\/\/[0-9a-f]{32}(?::[0-9a-f]{32})?@[A-Za-z0-9.-]+(?::\d+)?\/(?:[\w-]+\/)*\d+|\bsntrys_eyJ[A-Za-z0-9+/]{30,}={0,2}_[A-Za-z0-9_-]{43}|\bsntryu_[0-9a-f]{64})(?![A-Za-z0-9+/=_-])/g,
    validate: (v) => !v.startsWith('sntrys_') || sentryPayload(v.slice(7, v.indexOf('_', 7))),
  },
  {
    id: 'heroku-api-key',
    title: 'Heroku API key',
    severity: 'high',
    confidence: 'medium',
    keywords: [...cases('heroku'), 'HRKU-'],
    pattern: /(?:(?:heroku|HEROKU|Heroku)[\w.-]{0,20}(?:key|KEY|Key|token|TOKEN|Token)['"]?\s*(?:[:=]|:=|=>)\s*['"]?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b|\b(HRKU-[A-Za-z0-9_-]{60}))/g,
  },
  ...CLOUD_RULES,
  ...DEV_RULES,
  ...SAAS_RULES,
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
  ...MATERIAL_RULES,
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
    validate: secretLikeValue,
  },
];

export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
