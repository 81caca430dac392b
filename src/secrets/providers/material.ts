// Key material and connection strings that name their own kind: after the database and URL rules.
import { credentialIsReal, randomBody, type Rule } from '../kit.js';

export const MATERIAL_RULES: readonly Rule[] = [
  {
    id: 'age-secret-key',
    title: 'age secret key',
    severity: 'high',
    keywords: ['AGE-SECRET-KEY-1'],
    // Bech32: the human-readable part, "1", then 58 characters of the Bech32 alphabet (no 1, b, i, o).
    pattern: /(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})(?![A-Z0-9])/g,
    validate: (v) => randomBody(v.slice(16)),
    confidence: 'high',
  },
  {
    id: 'connection-string-password',
    title: 'Password in an ADO.NET or ODBC connection string',
    severity: 'high',
    keywords: ['Password=', 'password=', 'PASSWORD=', 'Pwd=', 'PWD=', 'pwd='],
    pattern: /(?:Server|SERVER|server|Data Source|data source|Host|HOST|host|Address|Addr)\s*=[^;'"\n]+;(?:[^;'"\n]*;)*?\s*(?:Password|password|PASSWORD|Pwd|PWD|pwd)\s*=\s*([^;'"\s]{6,128})/g,
    validate: credentialIsReal,
    confidence: 'high',
  },
  {
    id: 'jdbc-password',
    title: 'Password in a JDBC URL',
    severity: 'high',
    keywords: ['jdbc:'],
    pattern: /jdbc:[a-z0-9]+:[^\s'"]*?[?&;:](?:password|PASSWORD|Password)=([^&;\s'"]+)|jdbc:oracle:thin:[\w.$-]+\/([^@\s'"/]+)@/g,
    validate: credentialIsReal,
    confidence: 'high',
  },
  {
    id: 'snowflake-url',
    title: 'Snowflake connection URL with a password',
    severity: 'high',
    keywords: ['snowflake://'],
    pattern: /snowflake:\/\/[^\s:/@'"]+:([^\s@/'"]+)@/g,
    validate: credentialIsReal,
    confidence: 'high',
  },
  {
    id: 'cloudinary-url',
    title: 'Cloudinary URL with an API secret',
    severity: 'high',
    keywords: ['cloudinary://'],
    pattern: /cloudinary:\/\/\d+:([A-Za-z0-9_-]{20,40})@[\w-]+/g,
    validate: randomBody,
    confidence: 'high',
  },
];
