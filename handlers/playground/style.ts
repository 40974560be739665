/** The playground's stylesheet. */
export const STYLE = `
:root { font-family: system-ui, sans-serif; color: #1d232a; background: #f6f7f9; }
body { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.4rem; margin: 0 0 1rem; }
form { display: grid; gap: .75rem; background: #fff; padding: 1rem; border-radius: .5rem; box-shadow: 0 1px 3px #0002; }
textarea { width: 100%; min-height: 7rem; font: inherit; box-sizing: border-box; }
fieldset { border: 0; padding: 0; display: flex; gap: 1rem; flex-wrap: wrap; align-items: center; }
button { justify-self: start; padding: .5rem 1.5rem; font: inherit; cursor: pointer; }
section { background: #fff; margin-top: 1rem; padding: 1rem; border-radius: .5rem; box-shadow: 0 1px 3px #0002; }
section h2 { font-size: 1rem; margin: 0 0 .5rem; }
.text { line-height: 2.2; white-space: pre-wrap; }
mark { background: #ffe58f; padding: .1rem .2rem; border-radius: .25rem; }
mark .label { font-size: .65rem; font-weight: 700; margin-left: .25rem; color: #7a5b00; text-transform: uppercase; }
table { border-collapse: collapse; font-size: .9rem; }
td, th { padding: .15rem .6rem; border-bottom: 1px solid #eee; text-align: left; }
.gauge { position: relative; height: 1rem; border-radius: .5rem; background: linear-gradient(90deg, #d9534f, #eee 50%, #5cb85c); }
.gauge .needle { position: absolute; top: -.25rem; width: .25rem; height: 1.5rem; background: #1d232a; }
pre.wrap { white-space: pre-wrap; word-break: break-all; }
pre { overflow: auto; background: #f0f2f5; padding: .75rem; font-size: .8rem; max-height: 24rem; }
.error { color: #a61b1b; }
.scroll { overflow-x: auto; }
svg.arcs .word { font-size: .9rem; fill: #1d232a; }
svg.arcs .tag { font-size: .7rem; fill: #6b7785; }
svg.arcs .dep { font-size: .7rem; fill: #2a5db0; font-weight: 600; }
.polarity { display: inline-block; min-width: 3rem; text-align: center; border-radius: .75rem; padding: 0 .4rem; font-size: .8rem; }
.unit { margin: 0; color: #44546a; }
.confidence { display: inline-block; min-width: 10rem; padding: 0 .4rem; border: 1px solid #d5dde6; border-radius: .25rem; font-size: .8rem; }
`;
