// CDK entry point (cdk.json runs it): both stacks, checked by cdk-nag. Stacks are environment-agnostic.
import { App } from 'aws-cdk-lib';
import { applyNagChecks } from './nag';
import { addPledgeTracker } from './pledge-tracker';

const app = new App();
addPledgeTracker(app);
applyNagChecks(app);
app.synth();
