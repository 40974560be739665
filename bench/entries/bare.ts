/** The baseline: the smallest useful handler, Middy, its JSON body parser and the SageMaker SDK, bundled like ours. */
import middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

export const createBareHandler = (client: SageMakerRuntimeClient) =>
  middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(httpJsonBodyParser())
    .handler(async (event) => {
      const response = await client.send(
        new InvokeEndpointCommand({
          EndpointName: process.env.SAGEMAKER_ENDPOINT_NAME,
          TargetContainerHostname: 'nlp-spacy',
          ContentType: 'application/json',
          Body: new TextEncoder().encode(JSON.stringify(event.body)),
        }),
      );
      return { statusCode: 200, body: new TextDecoder().decode(response.Body) };
    });

export const handler = createBareHandler(new SageMakerRuntimeClient({}));
