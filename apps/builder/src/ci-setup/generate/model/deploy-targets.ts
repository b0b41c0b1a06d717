import type { DeploymentTarget, Environment } from '@jetway/contracts';
import type { ImagePlan } from './pipeline-model';
import { imageAssignment } from './security-plan';

/** Images the deploy jobs run in, where the platform runs jobs in images (tags of the tools' official images). */
export const DEPLOY_IMAGES = {
  kubectl: 'alpine/k8s:1.33.4',
  aws: 'amazon/aws-cli:2.27.50',
  azure: 'mcr.microsoft.com/azure-cli:2.67.0',
  node: 'node:22',
} as const;

/** How one environment is deployed on its target platform, smoke-tested and rolled back. */
export interface TargetCommands {
  readonly image: string;
  readonly deploy: string;
  readonly rollback: string;
  /** Secrets the commands read (scoped to the environment on the platform). */
  readonly env: readonly string[];
  /** Deploys the checked-out source rather than the pushed image (Vercel, Heroku). */
  readonly fromSource: boolean;
}

/** The smoke test: the environment's URL answers 2xx within a minute. */
export const SMOKE_TEST = 'curl --fail --silent --show-error --retry 10 --retry-delay 6 --retry-all-errors --max-time 10 "$SMOKE_TEST_URL"';

/** Resource names follow one convention the README states: `<application>[-<component>]-<environment>`. */
function resource(application: string, image: ImagePlan | undefined, environment: Environment, single: boolean): string {
  return [application, single || !image ? undefined : image.component.id, environment].filter(Boolean).join('-');
}

function perImage(images: readonly ImagePlan[], line: (image: ImagePlan) => string[]): string {
  return images.flatMap((image) => [imageAssignment(image.name), ...line(image)]).join('\n');
}

function kubernetes(app: string, env: Environment, images: readonly ImagePlan[]): TargetCommands {
  const namespace = `${app}-${env}`;
  const kubeconfig = 'mkdir -p "$HOME/.kube" && printf \'%s\' "$KUBECONFIG_B64" | base64 -d > "$HOME/.kube/config"';
  const status = (name: string) => `kubectl --namespace ${namespace} rollout status deployment/${name} --timeout=300s`;
  return {
    image: DEPLOY_IMAGES.kubectl,
    deploy: [kubeconfig, perImage(images, (image) => [`kubectl --namespace ${namespace} set image deployment/${image.name} ${image.name}="$IMAGE"`, status(image.name)])].join('\n'),
    rollback: [kubeconfig, ...images.flatMap((image) => [`kubectl --namespace ${namespace} rollout undo deployment/${image.name}`, status(image.name)])].join('\n'),
    env: ['KUBECONFIG_B64'],
    fromSource: false,
  };
}

function ecs(app: string, env: Environment, images: readonly ImagePlan[], region: string): TargetCommands {
  const cluster = `${app}-${env}`;
  const single = images.length === 1;
  // A new revision of the service's task definition with the pushed image in its first container.
  const revise = `jq --arg image "$IMAGE" '.containerDefinitions[0].image = $image | {family, taskRoleArn, executionRoleArn, networkMode, containerDefinitions, volumes, placementConstraints, requiresCompatibilities, cpu, memory} | with_entries(select(.value != null))'`;
  const deploy = perImage(images, (image) => {
    const service = single ? app : image.component.id;
    const family = resource(app, image, env, single);
    return [
      `REVISION="$(aws ecs describe-task-definition --region ${region} --task-definition ${family} --query taskDefinition --output json | ${revise})"`,
      `TASK_DEFINITION="$(aws ecs register-task-definition --region ${region} --cli-input-json "$REVISION" --query taskDefinition.taskDefinitionArn --output text)"`,
      `aws ecs update-service --region ${region} --cluster ${cluster} --service ${service} --task-definition "$TASK_DEFINITION"`,
      `aws ecs wait services-stable --region ${region} --cluster ${cluster} --services ${service}`,
    ];
  });
  const rollback = images
    .flatMap((image) => {
      const service = single ? app : image.component.id;
      return [
        `CURRENT="$(aws ecs describe-services --region ${region} --cluster ${cluster} --services ${service} --query 'services[0].taskDefinition' --output text)"`,
        `aws ecs update-service --region ${region} --cluster ${cluster} --service ${service} --task-definition "\${CURRENT%:*}:$((\${CURRENT##*:} - 1))"`,
        `aws ecs wait services-stable --region ${region} --cluster ${cluster} --services ${service}`,
      ];
    })
    .join('\n');
  const jq = 'command -v jq >/dev/null || yum install -y -q jq';
  return { image: DEPLOY_IMAGES.aws, deploy: [jq, deploy].join('\n'), rollback, env: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'], fromSource: false };
}

function lambda(app: string, env: Environment, images: readonly ImagePlan[], region: string): TargetCommands {
  const single = images.length === 1;
  const deploy = perImage(images, (image) => {
    const fn = resource(app, image, env, single);
    return [
      `aws lambda update-function-code --region ${region} --function-name ${fn} --image-uri "$IMAGE"`,
      `aws lambda wait function-updated-v2 --region ${region} --function-name ${fn}`,
      `VERSION="$(aws lambda publish-version --region ${region} --function-name ${fn} --query Version --output text)"`,
      `aws lambda update-alias --region ${region} --function-name ${fn} --name live --function-version "$VERSION"`,
    ];
  });
  const rollback = images
    .flatMap((image) => {
      const fn = resource(app, image, env, single);
      return [
        `PREVIOUS="$(aws lambda list-versions-by-function --region ${region} --function-name ${fn} --query 'Versions[-2].Version' --output text)"`,
        `aws lambda update-alias --region ${region} --function-name ${fn} --name live --function-version "$PREVIOUS"`,
      ];
    })
    .join('\n');
  return { image: DEPLOY_IMAGES.aws, deploy, rollback, env: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'], fromSource: false };
}

function appService(app: string, env: Environment, images: readonly ImagePlan[]): TargetCommands {
  const login = 'az login --service-principal --username "$AZURE_CLIENT_ID" --password "$AZURE_CLIENT_SECRET" --tenant "$AZURE_TENANT_ID" --output none';
  const single = images.length === 1;
  const swap = (image: ImagePlan) => `az webapp deployment slot swap --resource-group ${app}-${env} --name ${resource(app, image, env, single)} --slot candidate --target-slot production`;
  const deploy = perImage(images, (image) => [
    `az webapp config container set --resource-group ${app}-${env} --name ${resource(app, image, env, single)} --slot candidate --container-image-name "$IMAGE" --output none`,
    swap(image),
  ]);
  return { image: DEPLOY_IMAGES.azure, deploy: [login, deploy].join('\n'), rollback: [login, ...images.map(swap)].join('\n'), env: ['AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_TENANT_ID'], fromSource: false };
}

function vercel(env: Environment): TargetCommands {
  const prod = env === 'production' ? ' --prod' : '';
  return {
    image: DEPLOY_IMAGES.node,
    deploy: `npx --yes vercel@39 deploy${prod} --yes --token "$VERCEL_TOKEN"`,
    rollback: 'npx --yes vercel@39 rollback --yes --token "$VERCEL_TOKEN"',
    env: ['VERCEL_TOKEN', 'VERCEL_ORG_ID', 'VERCEL_PROJECT_ID'],
    fromSource: true,
  };
}

function heroku(app: string, env: Environment): TargetCommands {
  const name = `${app}-${env}`;
  return {
    image: DEPLOY_IMAGES.node,
    // Inside a container the checkout belongs to another user; git refuses it unless told it is safe.
    deploy: `git config --global --add safe.directory "$PWD"\ngit push --force "https://heroku:$HEROKU_API_KEY@git.heroku.com/${name}.git" HEAD:refs/heads/main`,
    rollback: `npx --yes heroku@10 rollback --app ${name}`,
    env: ['HEROKU_API_KEY'],
    fromSource: true,
  };
}

/**
 * The commands for one deployment target, or why none can be generated: every platform but
 * Vercel and Heroku deploys the image the package stage pushed, so it needs a Dockerfile.
 */
export function targetCommands(app: string, target: DeploymentTarget, images: readonly ImagePlan[]): TargetCommands | { skip: string } {
  const region = target.region ?? 'us-east-1';
  if (target.platform === 'vercel') return vercel(target.environment);
  if (target.platform === 'heroku') return heroku(app, target.environment);
  if (images.length === 0) return { skip: `no Dockerfile: no ${target.environment} deploy to ${target.platform} (it deploys the image the package stage builds)` };
  switch (target.platform) {
    case 'kubernetes':
      return kubernetes(app, target.environment, images);
    case 'ecs':
      return ecs(app, target.environment, images, region);
    case 'lambda':
      return lambda(app, target.environment, images, region);
    case 'app_service':
      return appService(app, target.environment, images);
  }
}
