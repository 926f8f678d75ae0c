*** Settings ***
Documentation       TLS: certificate verification is on by default; ``verify_ssl=False`` and a
...                 CA bundle path both work. The hub is reached through a loopback HTTPS front
...                 (the fault proxy with a certificate made by openssl, no faults).
...                 This machine sets REQUESTS_CA_BUNDLE, which requests lets override a
...                 session's verify setting: the library passes it on every request.
Library             OperatingSystem
Library             String
Library             ../tools/FaultProxy.py
Suite Setup         Start TLS Front
Suite Teardown      Stop TLS Front
Test Tags           resilience    tls


*** Test Cases ***
Verification Is On By Default
    Import Library    HubTaskLibrary    base_url=${HTTPS_URL}    username=%{HUB_USERNAME}
    ...    password=%{HUB_PASSWORD}    timeout=10s    AS    TlsDefault
    ${error} =    Run Keyword And Expect Error    *    TlsDefault.List Tasks
    Should Match    ${error}
    ...    TLS error talking to ${HTTPS_URL}: *certificate verify failed*Give verify_ssl=False or a CA bundle path*
    Should Not Contain    ${error}    \n

Another CA Is Refused
    Import Library    HubTaskLibrary    base_url=${HTTPS_URL}    username=%{HUB_USERNAME}
    ...    password=%{HUB_PASSWORD}    verify_ssl=${OTHER}[ca]    timeout=10s    AS    TlsOtherCA
    Run Keyword And Expect Error    TLS error talking to *certificate verify failed*
    ...    TlsOtherCA.List Tasks

CA Bundle Path Works
    Import Library    HubTaskLibrary    base_url=${HTTPS_URL}    username=%{HUB_USERNAME}
    ...    password=%{HUB_PASSWORD}    verify_ssl=${CERTS}[ca]    timeout=1 min    AS    TlsCA
    Small Scenario    TlsCA

Verification Off Works
    Import Library    HubTaskLibrary    base_url=${HTTPS_URL}    username=%{HUB_USERNAME}
    ...    password=%{HUB_PASSWORD}    verify_ssl=False    timeout=1 min    AS    TlsOff
    Small Scenario    TlsOff


*** Keywords ***
Start TLS Front
    [Documentation]    An HTTPS proxy in front of the hub, with a test CA (and another CA that did not sign it).
    ${suffix} =    Generate Random String    8    [LOWER]
    VAR    ${CERT_DIR}    ${TEMPDIR}/hubtask-tls-${suffix}    scope=SUITE
    ${front} =    Create Test Certificates    ${CERT_DIR}/front
    ${other} =    Create Test Certificates    ${CERT_DIR}/other
    VAR    ${CERTS}    ${front}    scope=SUITE
    VAR    ${OTHER}    ${other}    scope=SUITE
    ${url} =    Start Fault Proxy    certificate=${front}[certificate]    key=${front}[key]
    ...    new_task_404=${False}
    Should Start With    ${url}    https://
    VAR    ${HTTPS_URL}    ${url}    scope=SUITE

Stop TLS Front
    [Documentation]    Stops the proxy and removes the test certificates.
    Stop Fault Proxy
    Remove Directory    ${CERT_DIR}    recursive=${True}

Small Scenario
    [Documentation]    Namespace, upload, wait for all of mine, delete, through HTTPS.
    [Arguments]    ${lib}
    ${suffix} =    Generate Random String    8    [LOWER]
    VAR    ${ns}    tls_${suffix}
    Run Keyword    ${lib}.Create Namespace    ${ns}
    ${task} =    Run Keyword    ${lib}.Upload Collection    ${ns}    secure    wait=False
    Run Keyword    ${lib}.Wait For All Tasks    scope=mine
    Run Keyword    ${lib}.Task Should Be Completed    ${task}
    Run Keyword    ${lib}.Collection Should Exist    ${ns}    secure    repository=staging
    ${left} =    Run Keyword    ${lib}.Delete Created Resources
    Length Should Be    ${left}    2
    Run Keyword    ${lib}.Namespace Should Not Exist    ${ns}
