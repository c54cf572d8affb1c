'use strict';
// The adapter's own words in the editor and help (the blocks' words come from their descriptions).
module.exports = {
    en: {
        common: {
            name: 'Name',
            settings: 'Settings',
            required: 'required',
            credentialTip: 'Stored encrypted in flows_cred.json, never in the flow. ${NAME} takes the environment variable NAME.',
            output: { ok: 'message with the outputs', error: 'error path (Handle)' },
            errors: {
                required: 'a value is required',
                number: 'not a number',
                integer: 'must be a whole number',
                min: 'must be at least __min__',
                max: 'must be at most __max__',
                json: 'not valid JSON',
                property: 'not a valid property name',
                boolean: 'must be true or false',
                choice: 'not one of the choices'
            }
        },
        shared: { value: 'Name kept by the plugin' },
        settings: {
            label: 'mailblock settings',
            name: 'Name',
            error_level: 'Error level',
            message_level: 'Message level',
            language: 'Language',
            parallel: 'Runs in flight per node',
            tip: 'Plays the diagram\'s Start block: a node whose error or message level is Default takes these. ' +
                'Error level Default stops the message and raises the error for Catch nodes; Ignore passes it on ' +
                'with msg.error_text; Handle sends it to the node\'s second output.'
        },
        help: {
            inputs: 'Inputs', outputs: 'Outputs', notes: 'Notes', required: 'required', defaultValue: 'default',
            secret: 'secret: a credential (or ${ENV_VAR}), never in the flow',
            fromMsg: 'Every field takes a fixed value, msg., flow., global. or env; an empty field takes the block\'s default.',
            payload: 'msg.payload carries the main output, __port__.',
            levels: 'Error level: Default (from the settings node) raises the error for Catch nodes and stops the ' +
                'message; Ignore passes the message on with msg.error_text; Handle sends it to the second output with ' +
                'msg.error (kind, fate, stage, code, enhanced, message, hint) and msg.error_text. Message level Debug ' +
                'writes to the Node-RED log, Detailed to its trace level, warnings always.',
            ungrouped: 'Ports'
        }
    },
    ru: {
        common: {
            name: 'Имя',
            settings: 'Настройки',
            required: 'обязательный',
            credentialTip: 'Хранится зашифрованным в flows_cred.json, не в потоке. ${ИМЯ} — значение переменной окружения ИМЯ.',
            output: { ok: 'сообщение с выходами блока', error: 'путь ошибки (Handle)' },
            errors: {
                required: 'значение обязательно',
                number: 'не число',
                integer: 'должно быть целым числом',
                min: 'не меньше __min__',
                max: 'не больше __max__',
                json: 'неверный JSON',
                property: 'неверное имя свойства',
                boolean: 'должно быть true или false',
                choice: 'нет среди вариантов'
            }
        },
        shared: { value: 'Имя, под которым его хранит плагин' },
        settings: {
            label: 'настройки mailblock',
            name: 'Имя',
            error_level: 'Уровень обработки',
            message_level: 'Уровень сообщений',
            language: 'Язык',
            parallel: 'Одновременных запусков на узел',
            tip: 'Играет роль блока «Старт»: узел с уровнем Default берёт уровни отсюда. Уровень обработки Default ' +
                'останавливает сообщение и передаёт ошибку узлам Catch; Ignore пропускает сообщение дальше с ' +
                'msg.error_text; Handle отправляет его во второй выход узла.'
        },
        help: {
            inputs: 'Входы', outputs: 'Выходы', notes: 'Заметки', required: 'обязательный', defaultValue: 'по умолчанию',
            secret: 'секрет: хранится как учётные данные (или ${ПЕРЕМЕННАЯ}), не в потоке',
            fromMsg: 'Каждое поле принимает значение, msg., flow., global. или env; пустое поле — значение блока по умолчанию.',
            payload: 'msg.payload — главный выход, __port__.',
            levels: 'Уровень обработки: Default (из узла настроек) передаёт ошибку узлам Catch и останавливает ' +
                'сообщение; Ignore пропускает сообщение дальше с msg.error_text; Handle отправляет его во второй выход ' +
                'с msg.error (kind, fate, stage, code, enhanced, message, hint) и msg.error_text. Уровень сообщений ' +
                'Debug пишет в журнал Node-RED, Detailed — на уровне trace, предупреждения — всегда.',
            ungrouped: 'Порты'
        }
    }
};
