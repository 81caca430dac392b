// bottleneck's light build (the one @octokit/plugin-throttling bundles) has the API, and the types, of the full one.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
