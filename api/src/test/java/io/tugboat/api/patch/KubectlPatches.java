package io.tugboat.api.patch;

/**
 * Strategic merge patches exactly as kubectl v1.32.4 computed them for {@code kubectl apply}, recorded verbatim from
 * a stub API server that served {@link #LIVE} (an object last applied from a configuration with env A, B, C, ports
 * 80 and 8080 and annotation team=a, then defaulted by the server, with an env var INJECTED added by someone else).
 * kubectl found no OpenAPI document there, so it used its compiled-in types, as it does for built-in kinds.
 */
final class KubectlPatches {

    private KubectlPatches() {
    }

    /** The stored Deployment. */
    static final String LIVE = """
            {
              "apiVersion": "apps/v1",
              "kind": "Deployment",
              "metadata": {
                "name": "web",
                "namespace": "default",
                "labels": {
                  "app": "web"
                },
                "annotations": {
                  "team": "a",
                  "kubectl.kubernetes.io/last-applied-configuration": "{\\"apiVersion\\":\\"apps/v1\\",\\"kind\\":\\"Deployment\\",\\"metadata\\":{\\"name\\":\\"web\\",\\"namespace\\":\\"default\\",\\"labels\\":{\\"app\\":\\"web\\"},\\"annotations\\":{\\"team\\":\\"a\\"}},\\"spec\\":{\\"replicas\\":2,\\"selector\\":{\\"matchLabels\\":{\\"app\\":\\"web\\"}},\\"strategy\\":{\\"type\\":\\"RollingUpdate\\",\\"rollingUpdate\\":{\\"maxSurge\\":1}},\\"template\\":{\\"metadata\\":{\\"labels\\":{\\"app\\":\\"web\\"}},\\"spec\\":{\\"containers\\":[{\\"name\\":\\"web\\",\\"image\\":\\"nginx:1.25\\",\\"env\\":[{\\"name\\":\\"A\\",\\"value\\":\\"1\\"},{\\"name\\":\\"B\\",\\"value\\":\\"2\\"},{\\"name\\":\\"C\\",\\"value\\":\\"3\\"}],\\"ports\\":[{\\"containerPort\\":80},{\\"containerPort\\":8080}],\\"volumeMounts\\":[{\\"name\\":\\"data\\",\\"mountPath\\":\\"/data\\"}]},{\\"name\\":\\"sidecar\\",\\"image\\":\\"busybox\\",\\"args\\":[\\"sleep\\",\\"3600\\"]}],\\"volumes\\":[{\\"name\\":\\"data\\",\\"emptyDir\\":{}}]}}}}\\n"
                },
                "uid": "u1",
                "resourceVersion": "7",
                "generation": 1,
                "creationTimestamp": "2024-01-01T00:00:00Z"
              },
              "spec": {
                "replicas": 2,
                "selector": {
                  "matchLabels": {
                    "app": "web"
                  }
                },
                "strategy": {
                  "type": "RollingUpdate",
                  "rollingUpdate": {
                    "maxSurge": 1,
                    "maxUnavailable": "25%"
                  }
                },
                "template": {
                  "metadata": {
                    "labels": {
                      "app": "web"
                    }
                  },
                  "spec": {
                    "containers": [
                      {
                        "name": "web",
                        "image": "nginx:1.25",
                        "env": [
                          {
                            "name": "A",
                            "value": "1"
                          },
                          {
                            "name": "B",
                            "value": "2"
                          },
                          {
                            "name": "C",
                            "value": "3"
                          },
                          {
                            "name": "INJECTED",
                            "value": "x"
                          }
                        ],
                        "ports": [
                          {
                            "containerPort": 80,
                            "protocol": "TCP"
                          },
                          {
                            "containerPort": 8080,
                            "protocol": "TCP"
                          }
                        ],
                        "volumeMounts": [
                          {
                            "name": "data",
                            "mountPath": "/data"
                          }
                        ],
                        "imagePullPolicy": "IfNotPresent",
                        "resources": {},
                        "terminationMessagePath": "/dev/termination-log",
                        "terminationMessagePolicy": "File"
                      },
                      {
                        "name": "sidecar",
                        "image": "busybox",
                        "args": [
                          "sleep",
                          "3600"
                        ],
                        "imagePullPolicy": "IfNotPresent",
                        "resources": {},
                        "terminationMessagePath": "/dev/termination-log",
                        "terminationMessagePolicy": "File"
                      }
                    ],
                    "volumes": [
                      {
                        "name": "data",
                        "emptyDir": {}
                      }
                    ],
                    "dnsPolicy": "ClusterFirst",
                    "restartPolicy": "Always",
                    "schedulerName": "default-scheduler",
                    "securityContext": {},
                    "terminationGracePeriodSeconds": 30
                  }
                },
                "progressDeadlineSeconds": 600,
                "revisionHistoryLimit": 10
              },
              "status": {
                "replicas": 2
              }
            }
            """;

    /** {@link #LIVE} last applied with finalizers example.com/a and example.com/b. */
    static final String LIVE_WITH_FINALIZERS = """
            {
              "apiVersion": "apps/v1",
              "kind": "Deployment",
              "metadata": {
                "annotations": {
                  "team": "a",
                  "kubectl.kubernetes.io/last-applied-configuration": "{\\"apiVersion\\":\\"apps/v1\\",\\"kind\\":\\"Deployment\\",\\"metadata\\":{\\"annotations\\":{\\"team\\":\\"a\\"},\\"finalizers\\":[\\"example.com/a\\",\\"example.com/b\\"],\\"labels\\":{\\"app\\":\\"web\\"},\\"name\\":\\"web\\",\\"namespace\\":\\"default\\"},\\"spec\\":{\\"replicas\\":2,\\"selector\\":{\\"matchLabels\\":{\\"app\\":\\"web\\"}},\\"strategy\\":{\\"rollingUpdate\\":{\\"maxSurge\\":1},\\"type\\":\\"RollingUpdate\\"},\\"template\\":{\\"metadata\\":{\\"labels\\":{\\"app\\":\\"web\\"}},\\"spec\\":{\\"containers\\":[{\\"env\\":[{\\"name\\":\\"A\\",\\"value\\":\\"1\\"},{\\"name\\":\\"B\\",\\"value\\":\\"2\\"},{\\"name\\":\\"C\\",\\"value\\":\\"3\\"}],\\"image\\":\\"nginx:1.25\\",\\"name\\":\\"web\\",\\"ports\\":[{\\"containerPort\\":80},{\\"containerPort\\":8080}],\\"volumeMounts\\":[{\\"mountPath\\":\\"/data\\",\\"name\\":\\"data\\"}]},{\\"args\\":[\\"sleep\\",\\"3600\\"],\\"image\\":\\"busybox\\",\\"name\\":\\"sidecar\\"}],\\"volumes\\":[{\\"emptyDir\\":{},\\"name\\":\\"data\\"}]}}}}\\n"
                },
                "finalizers": [
                  "example.com/a",
                  "example.com/b"
                ],
                "labels": {
                  "app": "web"
                },
                "name": "web",
                "namespace": "default",
                "uid": "u1",
                "resourceVersion": "7",
                "generation": 1,
                "creationTimestamp": "2024-01-01T00:00:00Z"
              },
              "spec": {
                "replicas": 2,
                "selector": {
                  "matchLabels": {
                    "app": "web"
                  }
                },
                "strategy": {
                  "rollingUpdate": {
                    "maxSurge": 1,
                    "maxUnavailable": "25%"
                  },
                  "type": "RollingUpdate"
                },
                "template": {
                  "metadata": {
                    "labels": {
                      "app": "web"
                    }
                  },
                  "spec": {
                    "containers": [
                      {
                        "env": [
                          {
                            "name": "A",
                            "value": "1"
                          },
                          {
                            "name": "B",
                            "value": "2"
                          },
                          {
                            "name": "C",
                            "value": "3"
                          },
                          {
                            "name": "INJECTED",
                            "value": "x"
                          }
                        ],
                        "image": "nginx:1.25",
                        "name": "web",
                        "ports": [
                          {
                            "containerPort": 80,
                            "protocol": "TCP"
                          },
                          {
                            "containerPort": 8080,
                            "protocol": "TCP"
                          }
                        ],
                        "volumeMounts": [
                          {
                            "mountPath": "/data",
                            "name": "data"
                          }
                        ],
                        "imagePullPolicy": "IfNotPresent",
                        "resources": {},
                        "terminationMessagePath": "/dev/termination-log",
                        "terminationMessagePolicy": "File"
                      },
                      {
                        "args": [
                          "sleep",
                          "3600"
                        ],
                        "image": "busybox",
                        "name": "sidecar",
                        "imagePullPolicy": "IfNotPresent",
                        "resources": {},
                        "terminationMessagePath": "/dev/termination-log",
                        "terminationMessagePolicy": "File"
                      }
                    ],
                    "volumes": [
                      {
                        "emptyDir": {},
                        "name": "data"
                      }
                    ],
                    "dnsPolicy": "ClusterFirst",
                    "restartPolicy": "Always",
                    "schedulerName": "default-scheduler",
                    "securityContext": {},
                    "terminationGracePeriodSeconds": 30
                  }
                },
                "progressDeadlineSeconds": 600,
                "revisionHistoryLimit": 10
              },
              "status": {
                "replicas": 2
              }
            }
            """;

    /** The configuration drops env B and port 8080 and changes annotation team to b. */
    static final String ENV_PORT_ANNOTATION = """
            {
              "metadata": {
                "annotations": {
                  "kubectl.kubernetes.io/last-applied-configuration": "{\\"apiVersion\\":\\"apps/v1\\",\\"kind\\":\\"Deployment\\",\\"metadata\\":{\\"annotations\\":{\\"team\\":\\"b\\"},\\"labels\\":{\\"app\\":\\"web\\"},\\"name\\":\\"web\\",\\"namespace\\":\\"default\\"},\\"spec\\":{\\"replicas\\":2,\\"selector\\":{\\"matchLabels\\":{\\"app\\":\\"web\\"}},\\"strategy\\":{\\"rollingUpdate\\":{\\"maxSurge\\":1},\\"type\\":\\"RollingUpdate\\"},\\"template\\":{\\"metadata\\":{\\"labels\\":{\\"app\\":\\"web\\"}},\\"spec\\":{\\"containers\\":[{\\"env\\":[{\\"name\\":\\"A\\",\\"value\\":\\"1\\"},{\\"name\\":\\"C\\",\\"value\\":\\"3\\"}],\\"image\\":\\"nginx:1.25\\",\\"name\\":\\"web\\",\\"ports\\":[{\\"containerPort\\":80}],\\"volumeMounts\\":[{\\"mountPath\\":\\"/data\\",\\"name\\":\\"data\\"}]},{\\"args\\":[\\"sleep\\",\\"3600\\"],\\"image\\":\\"busybox\\",\\"name\\":\\"sidecar\\"}],\\"volumes\\":[{\\"emptyDir\\":{},\\"name\\":\\"data\\"}]}}}}\\n",
                  "team": "b"
                }
              },
              "spec": {
                "template": {
                  "spec": {
                    "$setElementOrder/containers": [
                      {
                        "name": "web"
                      },
                      {
                        "name": "sidecar"
                      }
                    ],
                    "containers": [
                      {
                        "$setElementOrder/env": [
                          {
                            "name": "A"
                          },
                          {
                            "name": "C"
                          }
                        ],
                        "$setElementOrder/ports": [
                          {
                            "containerPort": 80
                          }
                        ],
                        "env": [
                          {
                            "$patch": "delete",
                            "name": "B"
                          }
                        ],
                        "name": "web",
                        "ports": [
                          {
                            "$patch": "delete",
                            "containerPort": 8080
                          }
                        ]
                      }
                    ]
                  }
                }
              }
            }
            """;

    /**
     * The configuration switches the strategy to Recreate, the volume from emptyDir to a configMap, reorders the
     * containers and the env, changes an image and args, and drops env B, port 8080 and the team annotation.
     */
    static final String STRATEGY_VOLUME_REORDER = """
            {
              "metadata": {
                "annotations": {
                  "kubectl.kubernetes.io/last-applied-configuration": "{\\"apiVersion\\":\\"apps/v1\\",\\"kind\\":\\"Deployment\\",\\"metadata\\":{\\"annotations\\":{},\\"labels\\":{\\"app\\":\\"web\\"},\\"name\\":\\"web\\",\\"namespace\\":\\"default\\"},\\"spec\\":{\\"replicas\\":2,\\"selector\\":{\\"matchLabels\\":{\\"app\\":\\"web\\"}},\\"strategy\\":{\\"type\\":\\"Recreate\\"},\\"template\\":{\\"metadata\\":{\\"labels\\":{\\"app\\":\\"web\\"}},\\"spec\\":{\\"containers\\":[{\\"args\\":[\\"sleep\\",\\"7200\\"],\\"image\\":\\"busybox\\",\\"name\\":\\"sidecar\\"},{\\"env\\":[{\\"name\\":\\"C\\",\\"value\\":\\"3\\"},{\\"name\\":\\"A\\",\\"value\\":\\"1\\"}],\\"image\\":\\"nginx:1.27\\",\\"name\\":\\"web\\",\\"ports\\":[{\\"containerPort\\":80}],\\"volumeMounts\\":[{\\"mountPath\\":\\"/data\\",\\"name\\":\\"data\\"}]}],\\"volumes\\":[{\\"configMap\\":{\\"name\\":\\"web-data\\"},\\"name\\":\\"data\\"}]}}}}\\n",
                  "team": null
                }
              },
              "spec": {
                "strategy": {
                  "$retainKeys": [
                    "type"
                  ],
                  "rollingUpdate": null,
                  "type": "Recreate"
                },
                "template": {
                  "spec": {
                    "$setElementOrder/containers": [
                      {
                        "name": "sidecar"
                      },
                      {
                        "name": "web"
                      }
                    ],
                    "$setElementOrder/volumes": [
                      {
                        "name": "data"
                      }
                    ],
                    "containers": [
                      {
                        "args": [
                          "sleep",
                          "7200"
                        ],
                        "name": "sidecar"
                      },
                      {
                        "$setElementOrder/env": [
                          {
                            "name": "C"
                          },
                          {
                            "name": "A"
                          }
                        ],
                        "$setElementOrder/ports": [
                          {
                            "containerPort": 80
                          }
                        ],
                        "env": [
                          {
                            "$patch": "delete",
                            "name": "B"
                          }
                        ],
                        "image": "nginx:1.27",
                        "name": "web",
                        "ports": [
                          {
                            "$patch": "delete",
                            "containerPort": 8080
                          }
                        ]
                      }
                    ],
                    "volumes": [
                      {
                        "$retainKeys": [
                          "configMap",
                          "name"
                        ],
                        "configMap": {
                          "name": "web-data"
                        },
                        "emptyDir": null,
                        "name": "data"
                      }
                    ]
                  }
                }
              }
            }
            """;

    /** Against {@link #LIVE_WITH_FINALIZERS}: the configuration drops finalizer b and sets args on web. */
    static final String FINALIZER_AND_ARGS = """
            {
              "metadata": {
                "$deleteFromPrimitiveList/finalizers": [
                  "example.com/b"
                ],
                "$setElementOrder/finalizers": [
                  "example.com/a"
                ],
                "annotations": {
                  "kubectl.kubernetes.io/last-applied-configuration": "{\\"apiVersion\\":\\"apps/v1\\",\\"kind\\":\\"Deployment\\",\\"metadata\\":{\\"annotations\\":{\\"team\\":\\"a\\"},\\"finalizers\\":[\\"example.com/a\\"],\\"labels\\":{\\"app\\":\\"web\\"},\\"name\\":\\"web\\",\\"namespace\\":\\"default\\"},\\"spec\\":{\\"replicas\\":2,\\"selector\\":{\\"matchLabels\\":{\\"app\\":\\"web\\"}},\\"strategy\\":{\\"rollingUpdate\\":{\\"maxSurge\\":1},\\"type\\":\\"RollingUpdate\\"},\\"template\\":{\\"metadata\\":{\\"labels\\":{\\"app\\":\\"web\\"}},\\"spec\\":{\\"containers\\":[{\\"args\\":[\\"--x\\"],\\"env\\":[{\\"name\\":\\"A\\",\\"value\\":\\"1\\"},{\\"name\\":\\"B\\",\\"value\\":\\"2\\"},{\\"name\\":\\"C\\",\\"value\\":\\"3\\"}],\\"image\\":\\"nginx:1.25\\",\\"name\\":\\"web\\",\\"ports\\":[{\\"containerPort\\":80},{\\"containerPort\\":8080}],\\"volumeMounts\\":[{\\"mountPath\\":\\"/data\\",\\"name\\":\\"data\\"}]},{\\"args\\":[\\"sleep\\",\\"3600\\"],\\"image\\":\\"busybox\\",\\"name\\":\\"sidecar\\"}],\\"volumes\\":[{\\"emptyDir\\":{},\\"name\\":\\"data\\"}]}}}}\\n"
                }
              },
              "spec": {
                "template": {
                  "spec": {
                    "$setElementOrder/containers": [
                      {
                        "name": "web"
                      },
                      {
                        "name": "sidecar"
                      }
                    ],
                    "containers": [
                      {
                        "$setElementOrder/env": [
                          {
                            "name": "A"
                          },
                          {
                            "name": "B"
                          },
                          {
                            "name": "C"
                          }
                        ],
                        "args": [
                          "--x"
                        ],
                        "name": "web"
                      }
                    ]
                  }
                }
              }
            }
            """;
}
